using System.Globalization;
using System.Security.Claims;
using ContactCenter.Core.Users;
using ContactCenter.Data.Users;
using ContactCenter.Server.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ContactCenter.Server.Wallboard;

/// <summary>
/// The wallboard's live connection: a supervisor joins the group of their own site, an admin every site's
/// group; on connect a snapshot, then numbered deltas per site. Supervisor actions are HTTP endpoints
/// (<see cref="WallboardEndpoints"/>), checked against the same scope and audited.
/// </summary>
[Authorize(Policy = Policies.Supervision)]
public sealed class WallboardHub(WallboardBoard board, UserQueries users) : Hub<IWallboardClient>
{
    public const string Path = "/hubs/wallboard";

    public override async Task OnConnectedAsync()
    {
        var user = await SupervisorAsync();
        await board.ConnectAsync(Context.ConnectionId, board.SitesFor(user), Groups, Clients.Caller, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    /// <summary>A fresh snapshot, for a client that saw a gap in a site's sequence.</summary>
    public async Task<WallboardSnapshot> Snapshot()
    {
        var user = await SupervisorAsync();
        return board.Snapshot(board.SitesFor(user));
    }

    private async Task<User> SupervisorAsync()
    {
        if (Context.Items.TryGetValue(typeof(User), out var cached) && cached is User known)
        {
            return known;
        }

        var id = Context.User?.FindFirstValue(ClaimTypes.NameIdentifier);
        var user = id is not null && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            ? await users.GetByIdAsync(userId, Context.ConnectionAborted)
            : null;
        if (user is null || user.Role == Role.Seat)
        {
            throw new HubException("error.forbidden");
        }

        Context.Items[typeof(User)] = user;
        return user;
    }
}
