using ContactCenter.Core;

namespace ContactCenter.Data;

/// <summary>Optimistic concurrency: an <c>UPDATE ... WHERE id = @Id AND version = @Version</c> must touch one row.</summary>
internal static class Versioning
{
    /// <summary>
    /// Throws <see cref="ConcurrencyConflictException"/> when the update touched no row (someone else saved first, or
    /// the record is gone); otherwise moves <paramref name="entity"/> to the stored version.
    /// </summary>
    public static void Check(int rowsAffected, string record, string id, IVersioned entity)
    {
        if (rowsAffected == 0)
        {
            throw new ConcurrencyConflictException(record, id, entity.Version);
        }

        entity.Version++;
    }
}
