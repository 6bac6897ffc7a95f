using System.Data;
using System.Globalization;
using ContactCenter.Core;
using ContactCenter.Core.Callbacks;
using ContactCenter.Core.Complaints;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Customers;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Surveys;
using ContactCenter.Core.Users;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ContactCenter.Data;

/// <summary>
/// Dapper's process-wide settings for this schema, registered once before the first query:
/// snake_case columns onto PascalCase properties; <see cref="DateTimeOffset"/> as UTC with microsecond
/// precision on every provider (SQLite: fixed-width ISO-8601 TEXT, so text order is time order);
/// <see cref="DateOnly"/>/<see cref="TimeOnly"/>; and enums as their <see cref="DomainCodes"/> text
/// (lowercase, kebab-case: <c>NotRated</c> → "not-rated").
/// </summary>
public static class DataTypeHandlers
{
    /// <summary>The SQLite text form of a time: <c>2025-01-31T08:00:00.000000Z</c>.</summary>
    public const string SqliteTimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    static DataTypeHandlers()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        // Dapper 2.1.79+ consults enum type handlers only with this switch (DapperLib/Dapper#259).
        SqlMapper.Settings.PreferTypeHandlersForEnums = true;

        // A built-in type map entry wins over a handler, so remove it first.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new UtcDateTimeOffsetHandler());
        SqlMapper.RemoveTypeMap(typeof(DateOnly));
        SqlMapper.RemoveTypeMap(typeof(DateOnly?));
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        SqlMapper.RemoveTypeMap(typeof(TimeOnly));
        SqlMapper.RemoveTypeMap(typeof(TimeOnly?));
        SqlMapper.AddTypeHandler(new TimeOnlyHandler());
        // SQLite keeps a NUMERIC value as INTEGER when it is whole (18659) and REAL otherwise (18659.5): one result set
        // can mix both, which Dapper's per-query reader (built for the first row's types) cannot read as decimal.
        SqlMapper.RemoveTypeMap(typeof(decimal));
        SqlMapper.RemoveTypeMap(typeof(decimal?));
        SqlMapper.AddTypeHandler(new DecimalHandler());

        RegisterEnum<Role>();
        RegisterEnum<Gender>();
        RegisterEnum<ProductLine>();
        RegisterEnum<PolicyStatus>();
        RegisterEnum<OverflowReason>();
        RegisterEnum<ContactDirection>();
        RegisterEnum<ContactOutcome>();
        RegisterEnum<SurveyStatus>();
        RegisterEnum<CaseStatus>();
        RegisterEnum<CaseChannel>();
        RegisterEnum<ComplaintRuleSet>();
        RegisterEnum<ComplainantKind>();
        RegisterEnum<SuspensionReason>();
        RegisterEnum<RejectionGround>();
        RegisterEnum<ForwardKind>();
        RegisterEnum<NoticeMethod>();
        RegisterEnum<MajorComplaintReason>();
        RegisterEnum<CaseValidity>();
        RegisterEnum<ComplaintCause>();
        RegisterEnum<CaseEventType>();
        RegisterEnum<RectificationStatus>();
        RegisterEnum<Complaints.DueKind>();
        RegisterEnum<CampaignKind>();
        RegisterEnum<CallbackTaskStatus>();
        RegisterEnum<CallbackResult>();
        RegisterEnum<DialingMode>();
        RegisterEnum<CallbackTaskSource>();
    }

    /// <summary>Makes sure the handlers are registered; cheap after the first call.</summary>
    public static void EnsureRegistered()
    {
        // The static constructor does the work, once, thread-safely.
    }

    /// <summary>Stores <typeparamref name="TEnum"/> as its <see cref="DomainCodes"/> text.</summary>
    private static void RegisterEnum<TEnum>()
        where TEnum : struct, Enum =>
        SqlMapper.AddTypeHandler(new DomainCodeHandler<TEnum>());

    /// <summary>Truncates to whole microseconds, the precision every provider stores.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    private sealed class UtcDateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            var stored = ToStoredPrecision(value);
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = stored.ToString(SqliteTimestampFormat, CultureInfo.InvariantCulture);
            }
            else
            {
                parameter.DbType = DbType.DateTimeOffset;
                parameter.Value = stored;
            }
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d.ToUniversalTime(),
            DateTime d => new DateTimeOffset(d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ => throw new DataException($"Cannot read a {value.GetType().Name} as a DateTimeOffset"),
        };
    }

    private sealed class DecimalHandler : SqlMapper.TypeHandler<decimal>
    {
        public override void SetValue(IDbDataParameter parameter, decimal value)
        {
            parameter.DbType = DbType.Decimal;
            parameter.Value = value;
        }

        public override decimal Parse(object value) => value switch
        {
            decimal d => d,
            long l => l,
            int i => i,
            double d => (decimal)d,
            string s => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture),
            _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        };
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            else
            {
                parameter.DbType = DbType.Date;
                parameter.Value = value;
            }
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime d => DateOnly.FromDateTime(d),
            string s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => throw new DataException($"Cannot read a {value.GetType().Name} as a DateOnly"),
        };
    }

    private sealed class TimeOnlyHandler : SqlMapper.TypeHandler<TimeOnly>
    {
        public override void SetValue(IDbDataParameter parameter, TimeOnly value)
        {
            var seconds = new TimeOnly(value.Hour, value.Minute, value.Second);
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = seconds.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            }
            else
            {
                parameter.DbType = DbType.Time;
                parameter.Value = seconds;
            }
        }

        public override TimeOnly Parse(object value) => value switch
        {
            TimeOnly t => t,
            TimeSpan t => TimeOnly.FromTimeSpan(t),
            string s => TimeOnly.Parse(s, CultureInfo.InvariantCulture),
            _ => throw new DataException($"Cannot read a {value.GetType().Name} as a TimeOnly"),
        };
    }

    private sealed class DomainCodeHandler<TEnum> : SqlMapper.TypeHandler<TEnum>
        where TEnum : struct, Enum
    {
        public override void SetValue(IDbDataParameter parameter, TEnum value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = DomainCodes.ToCode(value);
        }

        public override TEnum Parse(object value) => value is string s
            ? DomainCodes.Parse<TEnum>(s)
            : throw new DataException($"Cannot read a {value.GetType().Name} as {typeof(TEnum).Name}; expected its text code");
    }
}
