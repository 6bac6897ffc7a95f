using ContactCenter.Core.Seats;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Core.Tests.Seats;

public class SeatStateMachineTests
{
    private static readonly TimeSpan WrapUp = TimeSpan.FromSeconds(30);

    private static readonly AgentState[] AllStates = Enum.GetValues<AgentState>();

    // The expected table, written out independently of AgentStateMachine. Missing pair = illegal.
    private static readonly Dictionary<(string Action, AgentState From), AgentState> Expected = new()
    {
        [("LogInReady", AgentState.LoggedOut)] = AgentState.Ready,
        [("LogInNotReady", AgentState.LoggedOut)] = AgentState.NotReady,
        [("SetReady", AgentState.Ready)] = AgentState.Ready,
        [("SetReady", AgentState.NotReady)] = AgentState.Ready,
        [("SetReady", AgentState.WrapUp)] = AgentState.Ready,
        [("SetNotReady", AgentState.Ready)] = AgentState.NotReady,
        [("SetNotReady", AgentState.NotReady)] = AgentState.NotReady,
        [("SetNotReady", AgentState.WrapUp)] = AgentState.NotReady,
        [("Ring", AgentState.Ready)] = AgentState.Ringing,
        [("RingNoAnswer", AgentState.Ringing)] = AgentState.NotReady,
        [("CancelRing", AgentState.Ringing)] = AgentState.Ready,
        [("Answer", AgentState.Ringing)] = AgentState.OnCall,
        [("Dial", AgentState.Ready)] = AgentState.OnCall,
        [("Dial", AgentState.NotReady)] = AgentState.OnCall,
        [("EndCallWithWrapUp", AgentState.OnCall)] = AgentState.WrapUp,
        [("EndCallWithoutWrapUp", AgentState.OnCall)] = AgentState.Ready,
        [("LogOut", AgentState.Ready)] = AgentState.LoggedOut,
        [("LogOut", AgentState.NotReady)] = AgentState.LoggedOut,
        [("LogOut", AgentState.WrapUp)] = AgentState.LoggedOut,
    };

    // The state each action aims for, named in the exception when the move is illegal.
    private static readonly Dictionary<string, AgentState> Target = new()
    {
        ["LogInReady"] = AgentState.Ready,
        ["LogInNotReady"] = AgentState.NotReady,
        ["SetReady"] = AgentState.Ready,
        ["SetNotReady"] = AgentState.NotReady,
        ["Ring"] = AgentState.Ringing,
        ["RingNoAnswer"] = AgentState.NotReady,
        ["CancelRing"] = AgentState.Ready,
        ["Answer"] = AgentState.OnCall,
        ["Dial"] = AgentState.OnCall,
        ["EndCallWithWrapUp"] = AgentState.WrapUp,
        ["EndCallWithoutWrapUp"] = AgentState.Ready,
        ["LogOut"] = AgentState.LoggedOut,
    };

    private static IEnumerable<TestCaseData> LegalMoves() =>
        from action in Target.Keys
        from state in AllStates
        where Expected.ContainsKey((action, state))
        select new TestCaseData(action, state, Expected[(action, state)]).SetName($"{action} from {state} is legal");

    private static IEnumerable<TestCaseData> IllegalMoves() =>
        from action in Target.Keys
        from state in AllStates
        where !Expected.ContainsKey((action, state))
        select new TestCaseData(action, state).SetName($"{action} from {state} is illegal");

    [TestCaseSource(nameof(LegalMoves))]
    public void Legal_transition_reaches_the_expected_state(string action, AgentState from, AgentState to)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero));
        var seat = SeatIn(from, time);
        time.Advance(TimeSpan.FromSeconds(7));

        var change = Apply(seat, action, time.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(seat.State, Is.EqualTo(to));
            Assert.That(change.From, Is.EqualTo(from));
            Assert.That(change.To, Is.EqualTo(to));
            Assert.That(change.At, Is.EqualTo(time.GetUtcNow()));
        });
    }

    [TestCaseSource(nameof(IllegalMoves))]
    public void Illegal_transition_throws_naming_both_states_and_changes_nothing(string action, AgentState from)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero));
        var seat = SeatIn(from, time);
        var enteredAt = seat.StateEnteredAt;
        time.Advance(TimeSpan.FromSeconds(7));

        var ex = Assert.Throws<AgentStateException>(() => Apply(seat, action, time.GetUtcNow()));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith($"cannot go from {from} to {Target[action]}"));
            Assert.That(ex.From, Is.EqualTo(from));
            Assert.That(ex.To, Is.EqualTo(Target[action]));
            Assert.That(seat.State, Is.EqualTo(from));
            Assert.That(seat.StateEnteredAt, Is.EqualTo(enteredAt));
        });
    }

    [Test]
    public void Every_state_and_action_pair_is_covered_by_the_tests()
    {
        var covered = LegalMoves().Count() + IllegalMoves().Count();

        Assert.That(covered, Is.EqualTo(Target.Count * AllStates.Length));
    }

    [Test]
    public void Answering_a_logged_out_seat_gives_the_documented_message()
    {
        var seat = new Seat("agent-1001", "gz", "1001", "张三");

        var ex = Assert.Throws<AgentStateException>(() => seat.Answer("call-1", DateTimeOffset.UnixEpoch));

        Assert.That(ex!.Message, Is.EqualTo("cannot go from LoggedOut to OnCall (Answer)"));
    }

    [Test]
    public void Ring_no_answer_puts_the_seat_not_ready_with_reason_weijie()
    {
        var time = new FakeTimeProvider();
        var seat = SeatIn(AgentState.Ringing, time);

        seat.RingNoAnswer("call-1", time.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(seat.State, Is.EqualTo(AgentState.NotReady));
            Assert.That(seat.NotReadyReason, Is.EqualTo("未接"));
            Assert.That(seat.IsAvailable, Is.False);
            Assert.That(seat.CurrentCallId, Is.Null);
        });
    }

    [Test]
    public void Not_ready_keeps_the_break_reason_and_ready_clears_it()
    {
        var time = new FakeTimeProvider();
        var seat = SeatIn(AgentState.Ready, time);

        seat.SetNotReady("午餐", time.GetUtcNow());
        var reasonOnBreak = seat.NotReadyReason;
        seat.SetReady(time.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(reasonOnBreak, Is.EqualTo("午餐"));
            Assert.That(seat.NotReadyReason, Is.Null);
        });
    }

    [Test]
    public void Not_ready_without_a_reason_is_refused()
    {
        var seat = SeatIn(AgentState.Ready, new FakeTimeProvider());

        Assert.Throws<DomainValidationException>(() => seat.SetNotReady("  ", DateTimeOffset.UnixEpoch));
    }

    [Test]
    public void Answering_a_different_call_than_the_one_ringing_is_refused()
    {
        var seat = SeatIn(AgentState.Ringing, new FakeTimeProvider());

        var ex = Assert.Throws<AgentCallMismatchException>(() => seat.Answer("call-2", DateTimeOffset.UnixEpoch));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.CurrentCallId, Is.EqualTo("call-1"));
            Assert.That(seat.State, Is.EqualTo(AgentState.Ringing));
        });
    }

    [Test]
    public void Wrap_up_ends_when_the_timer_elapses_and_not_before()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero));
        var seat = SeatIn(AgentState.OnCall, time);

        seat.EndCall("call-1", WrapUp, time.GetUtcNow());
        var deadline = seat.WrapUpDeadline;
        time.Advance(TimeSpan.FromSeconds(29));
        var early = seat.CompleteWrapUpIfDue(time.GetUtcNow());
        var remaining = seat.WrapUpRemaining(time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(1));
        var due = seat.CompleteWrapUpIfDue(time.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(deadline, Is.EqualTo(new DateTimeOffset(2025, 3, 3, 9, 0, 30, TimeSpan.Zero)));
            Assert.That(early, Is.Null);
            Assert.That(remaining, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(due?.To, Is.EqualTo(AgentState.Ready));
            Assert.That(due?.Trigger, Is.EqualTo(AgentTrigger.CompleteWrapUp));
            Assert.That(seat.State, Is.EqualTo(AgentState.Ready));
            Assert.That(seat.WrapUpDeadline, Is.Null);
        });
    }

    [Test]
    public void A_late_wrap_up_timer_after_the_seat_is_done_changes_nothing()
    {
        var time = new FakeTimeProvider();
        var seat = SeatIn(AgentState.WrapUp, time);
        seat.SetReady(time.GetUtcNow());
        seat.Ring("call-2", time.GetUtcNow());
        time.Advance(TimeSpan.FromMinutes(5));

        var change = seat.CompleteWrapUpIfDue(time.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(change, Is.Null);
            Assert.That(seat.State, Is.EqualTo(AgentState.Ringing));
        });
    }

    [Test]
    public void Zero_wrap_up_goes_straight_to_ready()
    {
        var time = new FakeTimeProvider();
        var seat = SeatIn(AgentState.OnCall, time);

        seat.EndCall("call-1", TimeSpan.Zero, time.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(seat.State, Is.EqualTo(AgentState.Ready));
            Assert.That(seat.WrapUpDeadline, Is.Null);
        });
    }

    [Test]
    public void Time_in_state_counts_from_the_last_transition()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero));
        var seat = new Seat("agent-1001", "gz", "1001", "张三");
        var beforeLogin = seat.TimeInState(time.GetUtcNow());
        seat.LogIn(ready: true, time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(90));
        seat.Ring("call-1", time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(4));

        Assert.Multiple(() =>
        {
            Assert.That(beforeLogin, Is.Null);
            Assert.That(seat.TimeInState(time.GetUtcNow()), Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(seat.StateEnteredAt, Is.EqualTo(new DateTimeOffset(2025, 3, 3, 9, 1, 30, TimeSpan.Zero)));
        });
    }

    [Test]
    public void Queue_membership_is_replaced_not_duplicated()
    {
        var seat = new Seat("agent-1001", "gz", "1001", "张三");

        seat.JoinQueue("gz/claims", 0);
        seat.JoinQueue("gz/claims", 2);
        seat.JoinQueue("gz/complaints", 1);
        var left = seat.LeaveQueue("gz/complaints");

        Assert.Multiple(() =>
        {
            Assert.That(left, Is.True);
            Assert.That(seat.Queues, Is.EqualTo(new[] { new SeatQueueMembership("gz/claims", 2) }));
        });
    }

    private static Seat SeatIn(AgentState state, FakeTimeProvider time)
    {
        var seat = new Seat("agent-1001", "gz", "1001", "张三");
        var now = time.GetUtcNow();
        switch (state)
        {
            case AgentState.LoggedOut:
                break;
            case AgentState.Ready:
                seat.LogIn(ready: true, now);
                break;
            case AgentState.NotReady:
                seat.LogIn(ready: false, now);
                break;
            case AgentState.Ringing:
                seat.LogIn(ready: true, now);
                seat.Ring("call-1", now);
                break;
            case AgentState.OnCall:
                seat.LogIn(ready: true, now);
                seat.Ring("call-1", now);
                seat.Answer("call-1", now);
                break;
            case AgentState.WrapUp:
                seat.LogIn(ready: true, now);
                seat.Ring("call-1", now);
                seat.Answer("call-1", now);
                seat.EndCall("call-1", WrapUp, now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }

        Assert.That(seat.State, Is.EqualTo(state), "test set-up");
        return seat;
    }

    private static AgentStateChange Apply(Seat seat, string action, DateTimeOffset now) => action switch
    {
        "LogInReady" => seat.LogIn(ready: true, now),
        "LogInNotReady" => seat.LogIn(ready: false, now),
        "SetReady" => seat.SetReady(now),
        "SetNotReady" => seat.SetNotReady("小休", now),
        "Ring" => seat.Ring("call-1", now),
        "RingNoAnswer" => seat.RingNoAnswer("call-1", now),
        "CancelRing" => seat.CancelRing("call-1", now),
        "Answer" => seat.Answer("call-1", now),
        "Dial" => seat.Dial("call-1", now),
        "EndCallWithWrapUp" => seat.EndCall("call-1", WrapUp, now),
        "EndCallWithoutWrapUp" => seat.EndCall("call-1", TimeSpan.Zero, now),
        "LogOut" => seat.LogOut(now),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
