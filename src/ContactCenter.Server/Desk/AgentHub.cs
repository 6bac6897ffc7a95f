using ContactCenter.Core;
using ContactCenter.Core.Seats;
using ContactCenter.Core.Users;
using ContactCenter.Data.Users;
using ContactCenter.Server.Auth;
using ContactCenter.Telephony.Bridge;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Desk;

/// <summary>
/// The seat desktop's live connection. A seat joins only its own seat's group, so it receives only its own pops
/// and state; on connect it gets a snapshot (current state and call, so a refresh restores them). The state
/// buttons (签入, 就绪, 小休 with a reason, 签出) are hub methods; a refused change comes back as a
/// <see cref="HubException"/> whose message is an i18n key.
/// </summary>
[Authorize(Policy = Policies.Seat)]
public sealed class AgentHub(DeskBoard board, TelephonyBridge bridge, UserQueries users, IOptions<DeskOptions> options) : Hub<IAgentClient>
{
    public const string Path = "/hubs/agent";

    public override async Task OnConnectedAsync()
    {
        var user = await SeatUserAsync();
        await board.ConnectAsync(Context.ConnectionId, user.SeatId!, user.SiteCode!, Groups, Clients.Caller, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    /// <summary>A fresh snapshot, for a client that saw a gap in the sequence.</summary>
    public async Task<DeskSnapshot> Snapshot()
    {
        var user = await SeatUserAsync();
        return board.Snapshot(user.SeatId!, user.SiteCode!);
    }

    public async Task LogIn(bool ready) => await RunAsync(seat => bridge.LogInAsync(seat, ready, Context.ConnectionAborted));

    public async Task Ready() => await RunAsync(seat => bridge.SetReadyAsync(seat, Context.ConnectionAborted));

    public async Task NotReady(string reason)
    {
        if (!options.Value.EffectivePauseReasons.Contains(reason, StringComparer.Ordinal))
        {
            throw new HubException("desk.error.reason");
        }

        await RunAsync(seat => bridge.SetNotReadyAsync(seat, reason, Context.ConnectionAborted));
    }

    public async Task LogOut() => await RunAsync(seat => bridge.LogOutAsync(seat, Context.ConnectionAborted));

    private async Task RunAsync(Func<string, Task> command)
    {
        var user = await SeatUserAsync();
        try
        {
            await command(user.SeatId!);
        }
        catch (AgentStateException)
        {
            throw new HubException("desk.error.state");
        }
        catch (TelephonyCommandException)
        {
            throw new HubException("desk.error.telephony");
        }
        catch (DomainValidationException)
        {
            throw new HubException("desk.error.noTelephony");
        }
    }

    private async Task<User> SeatUserAsync()
    {
        var user = await CurrentUser.OfConnectionAsync(Context, users);
        if (user is not { Role: Role.Seat, SeatId: not null, SiteCode: not null })
        {
            throw new HubException("error.forbidden");
        }

        return user;
    }
}
