using System.Globalization;
using ContactCenter.Core.Users;
using Dapper;

namespace ContactCenter.Data.Users;

/// <summary>Reads and writes <c>users</c>.</summary>
public sealed class UserQueries
{
    private const string Columns = "id, login, display_name, password_hash, role, site_code, seat_id, version";
    private static readonly string[] InsertColumns = ["login", "display_name", "password_hash", "role", "site_code", "seat_id", "version"];

    private readonly DbConnectionFactory _db;
    private readonly string _insert;

    public UserQueries(DbConnectionFactory db)
    {
        _db = db;
        _insert = db.Dialect.InsertReturningId("users", InsertColumns, "id");
    }

    public async Task<User?> GetByLoginAsync(string login, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(_db.Command(
            $"SELECT {Columns} FROM users WHERE login = @Login", new { Login = login }, cancellationToken));
        return row?.ToUser();
    }

    public async Task<User?> GetByIdAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(_db.Command(
            $"SELECT {Columns} FROM users WHERE id = @Id", new { Id = id }, cancellationToken));
        return row?.ToUser();
    }

    /// <summary>Users of one site (and the admins, who have none), or every user when <paramref name="siteCode"/> is null; ordered by login.</summary>
    public async Task<IReadOnlyList<User>> ListAsync(string? siteCode, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserRow>(_db.Command(
            $"SELECT {Columns} FROM users WHERE @SiteCode IS NULL OR site_code = @SiteCode OR site_code IS NULL ORDER BY login",
            new { SiteCode = siteCode }, cancellationToken));
        return rows.Select(r => r.ToUser()).ToList();
    }

    /// <summary>Inserts a new user (its <see cref="User.Id"/> is ignored) and returns the generated id.</summary>
    public async Task<int> InsertAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await _db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(_db.Command(_insert, UserRow.From(user), cancellationToken));
    }

    /// <summary>
    /// Saves display name, password hash, role and scope if nobody saved the user since it was read; then
    /// <see cref="User.Version"/> is the stored version. Otherwise throws <see cref="Core.ConcurrencyConflictException"/>.
    /// </summary>
    public async Task UpdateAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(_db.Command(
            """
            UPDATE users
            SET display_name = @DisplayName, password_hash = @PasswordHash, role = @Role, site_code = @SiteCode,
                seat_id = @SeatId, version = version + 1
            WHERE id = @Id AND version = @Version
            """,
            UserRow.From(user),
            cancellationToken));
        Versioning.Check(rows, "user", user.Id.ToString(CultureInfo.InvariantCulture), user);
    }

    private sealed record UserRow
    {
        public int Id { get; init; }

        public required string Login { get; init; }

        public required string DisplayName { get; init; }

        public required string PasswordHash { get; init; }

        public Role Role { get; init; }

        public string? SiteCode { get; init; }

        public string? SeatId { get; init; }

        public int Version { get; init; }

        public static UserRow From(User u) => new()
        {
            Id = u.Id,
            Login = u.Login,
            DisplayName = u.DisplayName,
            PasswordHash = u.PasswordHash,
            Role = u.Role,
            SiteCode = u.SiteCode,
            SeatId = u.SeatId,
            Version = u.Version,
        };

        public User ToUser() => new(Id, Login, DisplayName, PasswordHash, Role, SiteCode, SeatId, Version);
    }
}
