using System.Globalization;
using ContactCenter.Core;
using ContactCenter.Core.Users;
using ContactCenter.Data.Users;
using ContactCenter.Server.Auth;
using ContactCenter.Scheduling.Complaints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ContactCenter.Server.Complaints;

/// <summary>A notification pushed to a desktop: a complaint deadline near (<c>deadline-near</c>) or missed (<c>deadline-missed</c>).</summary>
public sealed record ComplaintNotification(string Kind, int CaseId, string CaseNumber, DateOnly DueOn, string DueKind, DateTimeOffset At);

/// <summary>What the server can call on a connected desktop.</summary>
public interface INotificationClient
{
    Task Notify(ComplaintNotification notification);
}

/// <summary>
/// Pushes notifications to signed-in users. Every connection joins its user's group (<c>user:{id}</c>);
/// supervisors also join their site's group (<c>site:{code}</c>) and administrators <c>site:*</c>.
/// </summary>
[Authorize]
public sealed class NotificationHub(UserQueries users) : Hub<INotificationClient>
{
    public const string Path = "/hubs/notifications";

    public static string UserGroup(int userId) => "user:" + userId.ToString(CultureInfo.InvariantCulture);

    public static string SiteGroup(string siteCode) => "site:" + siteCode;

    public override async Task OnConnectedAsync()
    {
        if (await CurrentUser.OfConnectionAsync(Context, users) is not { } user)
        {
            Context.Abort();
            return;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(user.Id), Context.ConnectionAborted);
        if (user.Role != Role.Seat)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, SiteGroup(user.SiteCode ?? "*"), Context.ConnectionAborted);
        }

        await base.OnConnectedAsync();
    }
}

/// <summary>Sends the deadline watch's alerts to the case's owner (or whoever registered it) and to its site's supervisors.</summary>
public sealed class HubAlertSink(IHubContext<NotificationHub, INotificationClient> hub) : IComplaintAlertSink
{
    public async ValueTask SendAsync(DeadlineAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var groups = new List<string>();
        if ((alert.OwnerUserId ?? alert.RegisteredByUserId) is { } person)
        {
            groups.Add(NotificationHub.UserGroup(person));
        }

        if (alert.SiteCode is not null)
        {
            groups.Add(NotificationHub.SiteGroup(alert.SiteCode));
        }

        if (groups.Count == 0)
        {
            return;
        }

        var notification = new ComplaintNotification(alert.Missed ? "deadline-missed" : "deadline-near", alert.CaseId, alert.CaseNumber, alert.DueOn,
            DomainCodes.ToCode(alert.Kind), alert.At);
        await hub.Clients.Groups(groups).Notify(notification).WaitAsync(cancellationToken);
    }
}
