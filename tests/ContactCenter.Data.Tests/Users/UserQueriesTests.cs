using System.Data.Common;
using ContactCenter.Core;
using ContactCenter.Core.Users;
using ContactCenter.Data.Users;

namespace ContactCenter.Data.Tests.Users;

[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class UserQueriesTests(string provider) : DatabaseFixture(provider)
{
    private UserQueries _users = null!;

    [OneTimeSetUp]
    public async Task Setup()
    {
        await TestData.EnsureSitesAsync(Db);
        _users = new UserQueries(Db);
    }

    [Test]
    public async Task An_inserted_user_reads_back_by_login_and_by_id()
    {
        var login = Unique("sup");
        var id = await _users.InsertAsync(new User(0, login, "王班长", "hash-1", Role.Supervisor, TestData.Guangzhou, null), CancellationToken.None).WaitAsync(Timeout);

        var byLogin = await _users.GetByLoginAsync(login, CancellationToken.None).WaitAsync(Timeout);
        var byId = await _users.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(id, Is.GreaterThan(0));
        Assert.That(byLogin, Is.Not.Null);
        Assert.That(
            (byLogin!.Id, byLogin.Login, byLogin.DisplayName, byLogin.PasswordHash, byLogin.Role, byLogin.SiteCode, byLogin.SeatId, byLogin.Version),
            Is.EqualTo((id, login, "王班长", "hash-1", Role.Supervisor, (string?)TestData.Guangzhou, (string?)null, 1)));
        Assert.That(byId?.Login, Is.EqualTo(login));
    }

    [Test]
    public async Task A_seat_user_keeps_its_seat_and_an_admin_has_no_site()
    {
        var seatLogin = Unique("seat");
        var adminLogin = Unique("admin");
        await _users.InsertAsync(new User(0, seatLogin, "座席", "h", Role.Seat, TestData.Guangzhou, TestData.GzSeat), CancellationToken.None).WaitAsync(Timeout);
        await _users.InsertAsync(new User(0, adminLogin, "管理员", "h", Role.Admin, null, null), CancellationToken.None).WaitAsync(Timeout);

        var seat = await _users.GetByLoginAsync(seatLogin, CancellationToken.None).WaitAsync(Timeout);
        var admin = await _users.GetByLoginAsync(adminLogin, CancellationToken.None).WaitAsync(Timeout);

        Assert.That((seat?.Role, seat?.SeatId), Is.EqualTo(((Role?)Role.Seat, (string?)TestData.GzSeat)));
        Assert.That((admin?.Role, admin?.SiteCode), Is.EqualTo(((Role?)Role.Admin, (string?)null)));
    }

    [Test]
    public async Task An_unknown_login_reads_as_null()
    {
        Assert.That(await _users.GetByLoginAsync(Unique("nobody"), CancellationToken.None).WaitAsync(Timeout), Is.Null);
    }

    [Test]
    public void A_second_user_with_the_same_login_is_rejected_by_the_database()
    {
        var login = Unique("dup");
        Assert.That(async () =>
        {
            await _users.InsertAsync(new User(0, login, "A", "h", Role.Admin, null, null), CancellationToken.None).WaitAsync(Timeout);
            await _users.InsertAsync(new User(0, login, "B", "h", Role.Admin, null, null), CancellationToken.None).WaitAsync(Timeout);
        }, Throws.InstanceOf<DbException>());
    }

    [Test]
    public async Task An_update_bumps_the_version_and_is_stored()
    {
        var login = Unique("edit");
        var id = await _users.InsertAsync(new User(0, login, "Old", "h", Role.Supervisor, TestData.Guangzhou, null), CancellationToken.None).WaitAsync(Timeout);
        var user = (await _users.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout))!;

        user.Rename("New");
        user.ChangeRole(Role.Supervisor, TestData.Shanghai, null);
        await _users.UpdateAsync(user, CancellationToken.None).WaitAsync(Timeout);
        var stored = await _users.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(user.Version, Is.EqualTo(2));
        Assert.That((stored?.DisplayName, stored?.SiteCode, stored?.Version), Is.EqualTo(("New", (string?)TestData.Shanghai, (int?)2)));
    }

    [Test]
    public async Task Two_people_editing_the_same_user_get_a_conflict_for_the_second_save()
    {
        var id = await _users.InsertAsync(new User(0, Unique("race"), "Original", "h", Role.Admin, null, null), CancellationToken.None).WaitAsync(Timeout);
        var first = (await _users.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout))!;
        var second = (await _users.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout))!;

        first.Rename("First");
        await _users.UpdateAsync(first, CancellationToken.None).WaitAsync(Timeout);
        second.Rename("Second");
        var conflict = Assert.ThrowsAsync<ConcurrencyConflictException>(() => _users.UpdateAsync(second, CancellationToken.None).WaitAsync(Timeout));
        var stored = await _users.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout);

        Assert.That((conflict!.Record, conflict.Id, conflict.ExpectedVersion), Is.EqualTo(("user", id.ToString(System.Globalization.CultureInfo.InvariantCulture), 1)));
        Assert.That(stored?.DisplayName, Is.EqualTo("First"));
        Assert.That(second.Version, Is.EqualTo(1));
    }
}
