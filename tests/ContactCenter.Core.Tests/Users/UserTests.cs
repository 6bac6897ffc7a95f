using ContactCenter.Core.Users;

namespace ContactCenter.Core.Tests.Users;

public class UserTests
{
    private static readonly User Admin = new(1, "admin", "管理员", "x", Role.Admin, null, null);
    private static readonly User Supervisor = new(2, "banzhang", "班长", "x", Role.Supervisor, "gz", null);
    private static readonly User SeatUser = new(3, "zhangsan", "张三", "x", Role.Seat, "gz", "agent-1001");

    [Test]
    public void An_admin_reaches_every_site_and_seat()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Admin.CanAccessSite("gz"), Is.True);
            Assert.That(Admin.CanAccessSite("sh"), Is.True);
            Assert.That(Admin.CanAccessSeatData("sh", "agent-2001"), Is.True);
        });
    }

    [Test]
    public void A_supervisor_sees_only_their_own_site()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Supervisor.CanAccessSite("gz"), Is.True);
            Assert.That(Supervisor.CanAccessSite("sh"), Is.False);
            Assert.That(Supervisor.CanAccessSeatData("gz", "agent-1002"), Is.True);
            Assert.That(Supervisor.CanAccessSeatData("sh", "agent-2001"), Is.False);
            Assert.That(Supervisor.CanSuperviseSite("gz"), Is.True);
            Assert.That(Supervisor.CanViewFullPersonalData("sh"), Is.False);
        });
    }

    [Test]
    public void A_seat_sees_its_own_site_and_only_its_own_data()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SeatUser.CanAccessSite("gz"), Is.True);
            Assert.That(SeatUser.CanAccessSite("sh"), Is.False);
            Assert.That(SeatUser.CanAccessSeatData("gz", "agent-1001"), Is.True);
            Assert.That(SeatUser.CanAccessSeatData("gz", "agent-1002"), Is.False);
            Assert.That(SeatUser.CanSuperviseSite("gz"), Is.False);
            Assert.That(SeatUser.CanViewFullPersonalData("gz"), Is.False);
        });
    }

    [TestCase(Role.Admin, "gz", null, TestName = "An admin limited to a site is refused")]
    [TestCase(Role.Supervisor, null, null, TestName = "A supervisor without a site is refused")]
    [TestCase(Role.Supervisor, "gz", "agent-1001", TestName = "A supervisor with a seat is refused")]
    [TestCase(Role.Seat, "gz", null, TestName = "A seat user without a seat is refused")]
    [TestCase(Role.Seat, null, "agent-1001", TestName = "A seat user without a site is refused")]
    public void Inconsistent_role_scope_is_refused(Role role, string? site, string? seat)
    {
        Assert.Throws<DomainValidationException>(() => _ = new User(9, "x", "x", "x", role, site, seat));
    }

    [Test]
    public void Changing_role_re_checks_the_scope()
    {
        var user = new User(4, "lisi", "李四", "x", Role.Seat, "gz", "agent-1003");

        Assert.Throws<DomainValidationException>(() => user.ChangeRole(Role.Supervisor, "gz", "agent-1003"));
        user.ChangeRole(Role.Supervisor, "gz", null);

        Assert.Multiple(() =>
        {
            Assert.That(user.Role, Is.EqualTo(Role.Supervisor));
            Assert.That(user.SeatId, Is.Null);
        });
    }
}
