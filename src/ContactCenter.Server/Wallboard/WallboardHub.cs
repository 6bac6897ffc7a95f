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
        var user = await CurrentUser.OfConnectionAsync(Context, users);
        if (user is null || user.Role == Role.Seat)
        {
            throw new HubException("error.forbidden");
        }

        return user;
    }
}
