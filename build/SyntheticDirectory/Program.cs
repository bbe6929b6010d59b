using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Bogus;
using Microsoft.Data.Sqlite;

// Fills an already-migrated RecoveryPlatform SQLite database with a synthetic, deterministic meeting
// directory for benchmarks. Writes rows exactly as EF Core would (see docs/performance.md):
// Guid as upper-case TEXT, DateTimeOffset as DateTimeOffsetToBinaryConverter longs, DateOnly
// yyyy-MM-dd, TimeOnly HH:mm:ss, enums by member name, lists as JSON arrays.
//
//   dotnet run --project build/SyntheticDirectory -c Release -- --database <path.db> --meetings 100000 [--seed 20261127]
//       [--groups meetings/4] [--venues meetings/3]

var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: SyntheticDirectory --database <path.db> [--meetings 100000] [--seed 20261127] [--groups meetings/4] [--venues meetings/3]");
    return 2;
}

if (!File.Exists(options.Database))
{
    Console.Error.WriteLine($"{options.Database} does not exist: start the API once on that data folder (RecoveryPlatform__SeedDemoData=false) to create the schema.");
    return 2;
}

var stopwatch = Stopwatch.StartNew();
var generator = new DirectoryGenerator(options.Seed);
using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = options.Database, Pooling = false }.ToString());
connection.Open();
Sql.Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-262144;");

if (Sql.Scalar(connection, "SELECT count(*) FROM meetings_Meetings") != 0)
{
    Console.Error.WriteLine("The database already has meetings; use a fresh data folder.");
    return 1;
}

var meetingCount = options.Meetings;
var counts = generator.Write(connection, meetingCount, options.Groups ?? (meetingCount / 4), options.Venues ?? (meetingCount / 3));
Sql.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;");
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"Inserted {counts.Organisations} organisations, {counts.FormatCodes} format codes, {counts.Groups} groups, {counts.Venues} venues, {counts.Meetings} meetings in {stopwatch.Elapsed.TotalSeconds:0.0}s."));
return 0;

internal sealed record Options(string Database, int Meetings, int Seed, int? Groups, int? Venues)
{
    public static Options? Parse(string[] args)
    {
        string? database = null;
        var meetings = 100_000;
        var seed = 20261127;
        int? groups = null;
        int? venues = null;
        for (var i = 0; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--database":
                    database = args[i + 1];
                    break;
                case "--meetings":
                    meetings = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--groups":
                    groups = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--venues":
                    venues = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    return null;
            }
        }

        return database is null || meetings < 1 ? null : new Options(database, meetings, seed, groups, venues);
    }
}

internal sealed record Counts(int Organisations, int FormatCodes, int Groups, int Venues, int Meetings);

internal sealed record Fellowship(Guid Id, string Slug, string Name, string Website, double Share, (string Code, string Label, int[] Bits)[] Formats);

internal sealed record District(string Outcode, double Latitude, double Longitude, string? City);

internal sealed record Venue(Guid Id, string Name, string Town, double Latitude, double Longitude);

internal sealed class DirectoryGenerator(int seed)
{
    private const int BatchSize = 50_000;

    // Where the weighted cities' postcode areas are (area letters of the outcode → town name).
    private static readonly Dictionary<string, string> CityAreas = new(StringComparer.Ordinal)
    {
        ["E"] = "London", ["EC"] = "London", ["N"] = "London", ["NW"] = "London", ["SE"] = "London", ["SW"] = "London", ["W"] = "London", ["WC"] = "London",
        ["B"] = "Birmingham", ["M"] = "Manchester", ["LS"] = "Leeds", ["G"] = "Glasgow", ["L"] = "Liverpool", ["BS"] = "Bristol",
        ["EH"] = "Edinburgh", ["S"] = "Sheffield", ["NE"] = "Newcastle upon Tyne", ["CF"] = "Cardiff", ["NG"] = "Nottingham",
    };

    private static readonly string[] Saints = ["Mary", "John", "Peter", "Andrew", "Michael", "George", "James", "Paul", "Margaret", "Luke", "Mark", "Anne", "Thomas", "Stephen", "Martin", "Alban", "Chad", "David", "Columba", "Aidan"];
    private static readonly string[] ChurchKinds = ["Church Hall", "Church", "Parish Church Rooms", "Methodist Church", "United Reformed Church", "Baptist Church Hall"];
    private static readonly string[] OtherVenues = ["Community Centre", "Library", "Friends Meeting House", "Village Hall", "Wellbeing Hub", "Recovery Café", "Health Centre", "Scout Hut", "Sports Club", "Miners' Welfare", "Civic Centre", "Youth Centre"];
    private static readonly string[] Themes = ["Big Book", "Step", "Speaker", "Discussion", "Newcomers", "Just for Today", "Living Sober", "Serenity", "Hope", "Fresh Start", "Lunchtime", "Early Risers", "Women's", "Men's", "Literature", "Traditions", "Reflections", "Recovery", "Freedom", "Daily"];
    private static readonly string[] Streets = ["High Street", "Church Lane", "Station Road", "Market Place", "Park Road", "Victoria Road", "Mill Lane", "School Lane", "King Street", "Queen Street"];

    private readonly Random _random = new(seed);
    private readonly Faker _faker = new("en_GB") { Random = new Randomizer(seed) };
    private readonly long _now = ToBinary(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));

    public Counts Write(SqliteConnection connection, int meetingCount, int groupTarget, int venueTarget)
    {
        var fellowships = Fellowships();
        var districts = LoadDistricts();
        var cityDistricts = districts.Where(d => d.City is not null).ToArray();
        var towns = Enumerable.Range(0, 4000).Select(_ => _faker.Address.City()).Distinct(StringComparer.Ordinal).ToArray();

        var formatCodes = 0;
        using (var transaction = connection.BeginTransaction())
        {
            using var organisation = Sql.Prepare(connection, transaction, "organisations_Organisations", "Id", "Slug", "Name", "Kind", "Website", "ContactEmail", "Description", "Status", "CreatedAt", "UpdatedAt", "Version");
            using var format = Sql.Prepare(connection, transaction, "meetings_FormatCodes", "Id", "OrganisationId", "Code", "LabelsJson", "AttributesMask", "MeetingGuideCode", "UpdatedAt");
            foreach (var fellowship in fellowships)
            {
                Sql.Run(organisation, fellowship.Id, fellowship.Slug, fellowship.Name, "Fellowship", fellowship.Website, null, $"{fellowship.Name} (synthetic benchmark data).", "Active", _now, _now, NewGuid());
                foreach (var (code, label, bits) in fellowship.Formats)
                {
                    var mask = bits.Aggregate(0L, (m, bit) => m | (1L << bit));
                    Sql.Run(format, NewGuid(), fellowship.Id, code, $"{{\"en\":\"{label}\"}}", mask, code, _now);
                    formatCodes++;
                }
            }

            transaction.Commit();
        }

        // Groups and venues belong to a fellowship; meetings pick both from their own fellowship.
        var groupsByFellowship = fellowships.ToDictionary(f => f.Id, _ => new List<Guid>());
        var venuesByFellowship = fellowships.ToDictionary(f => f.Id, _ => new List<Venue>());
        var groupCount = Math.Max(fellowships.Length, groupTarget);
        var venueCount = Math.Max(fellowships.Length, venueTarget);

        WriteInBatches(connection, groupCount, "groups_Groups", ["Id", "OrganisationId", "Name", "Description", "Website", "ContactEmail", "ContactPhone", "ShowContactPublicly", "ServiceAreas", "Status", "LastVerifiedAt", "LastVerifiedBy", "CreatedAt", "UpdatedAt", "Version"], (command, i) =>
        {
            var fellowship = i < fellowships.Length ? fellowships[i] : PickFellowship(fellowships);
            var id = NewGuid();
            groupsByFellowship[fellowship.Id].Add(id);
            var area = _random.NextDouble() < 0.5 ? cityDistricts[_random.Next(cityDistricts.Length)].City! : towns[_random.Next(towns.Length)];
            Sql.Run(command, id, fellowship.Id, $"{area} {Pick(Themes)} Group {i + 1}", null, null, null, null, 0, $"[\"{area}\"]", "Active", null, null, _now, _now, NewGuid());
        });

        WriteInBatches(connection, venueCount, "venues_Venues", ["Id", "OrganisationId", "Name", "AddressLine1", "AddressLine2", "Town", "Region", "Postcode", "CountryCode", "Latitude", "Longitude", "Directions", "Accessibility", "AccessNotes", "ArchivedAt", "CreatedAt", "UpdatedAt", "Version"], (command, i) =>
        {
            var fellowship = i < fellowships.Length ? fellowships[i] : PickFellowship(fellowships);
            // About half the venues in a dozen big cities, the rest anywhere in Great Britain.
            var district = _random.NextDouble() < 0.5 ? cityDistricts[_random.Next(cityDistricts.Length)] : districts[_random.Next(districts.Length)];
            var town = district.City ?? towns[_random.Next(towns.Length)];
            var latitude = Math.Round(district.Latitude + (Gaussian() * 0.003), 6);
            var longitude = Math.Round(district.Longitude + (Gaussian() * 0.005), 6);
            var name = _random.NextDouble() < 0.4
                ? $"St {Pick(Saints)}'s {Pick(ChurchKinds)}"
                : $"{town} {Pick(OtherVenues)}";
            var venue = new Venue(NewGuid(), name, town, latitude, longitude);
            venuesByFellowship[fellowship.Id].Add(venue);
            var postcode = string.Create(CultureInfo.InvariantCulture, $"{district.Outcode} {_random.Next(1, 10)}{(char)('A' + _random.Next(26))}{(char)('A' + _random.Next(26))}");
            Sql.Run(command, venue.Id, fellowship.Id, venue.Name, $"{_random.Next(1, 200)} {Pick(Streets)}", null, town, null, postcode, "GB", latitude, longitude, null, _random.Next(0, 128), null, null, _now, _now, NewGuid());
        });

        var days = Enum.GetValues<DayOfWeek>();
        WriteInBatches(connection, meetingCount, "meetings_Meetings", ["Id", "OrganisationId", "GroupId", "Name", "Description", "Attendance", "VenueId", "OnlineUrl", "OnlinePhone", "OnlineNotes", "TimeZoneId", "LocalStartTime", "DurationMinutes", "RecurrenceKind", "Day", "IntervalWeeks", "AnchorDate", "WeekOfMonth", "ValidFrom", "ValidUntil", "Formats", "Languages", "Status", "ResumesOn", "GroupClosedAt", "LastVerifiedAt", "CreatedAt", "UpdatedAt", "Version"], (command, i) =>
        {
            var fellowship = PickFellowship(fellowships);
            var groups = groupsByFellowship[fellowship.Id];
            var venues = venuesByFellowship[fellowship.Id];
            var groupId = groups[_random.Next(groups.Count)];
            var roll = _random.NextDouble();
            var attendance = roll < 0.15 ? "Online" : roll < 0.25 ? "Hybrid" : "InPerson";
            var venue = attendance == "Online" ? null : venues[_random.Next(venues.Count)];
            var id = NewGuid();
            var onlineUrl = attendance == "InPerson" ? null : $"https://meet.example.org/{id.ToString("N")[..12]}";
            var day = days[_random.Next(7)];
            // 07:00 to 21:30 in half hours, most in the evening.
            var slot = _random.NextDouble() < 0.6 ? _random.Next(22, 30) : _random.Next(0, 30);
            var start = new TimeOnly(7, 0).AddMinutes(slot * 30);
            var kindRoll = _random.NextDouble();
            var (kind, interval, anchor, weekOfMonth) = kindRoll < 0.85
                ? ("Weekly", (int?)null, (string?)null, (int?)null)
                : kindRoll < 0.92
                    ? ("EveryNWeeks", _random.Next(2, 4), AnchorOn(day), null)
                    : ("Monthly", null, null, _random.NextDouble() < 0.2 ? -1 : _random.Next(1, 5));
            var formats = PickFormats(fellowship);
            var place = venue?.Town ?? "Online";
            var name = $"{place} {day} {Pick(Themes)}";
            Sql.Run(command, id, fellowship.Id, groupId, name, null, attendance, venue?.Id, onlineUrl, null, null, "Europe/London",
                start.ToString("HH:mm:ss", CultureInfo.InvariantCulture), _random.NextDouble() < 0.7 ? 60 : 90, kind, day.ToString(), interval, anchor, weekOfMonth,
                null, null, formats, "[\"en\"]", "Active", null, null, null, _now, _now, NewGuid());
        });

        return new Counts(fellowships.Length, formatCodes, groupCount, venueCount, meetingCount);
    }

    private static void WriteInBatches(SqliteConnection connection, int count, string table, string[] columns, Action<SqliteCommand, int> writeRow)
    {
        for (var start = 0; start < count; start += BatchSize)
        {
            using var transaction = connection.BeginTransaction();
            using var command = Sql.Prepare(connection, transaction, table, columns);
            for (var i = start; i < Math.Min(count, start + BatchSize); i++)
            {
                writeRow(command, i);
            }

            transaction.Commit();
        }
    }

    private static Fellowship[] Fellowships() =>
    [
        new(Guid.Parse("0B5E0000-0000-4000-8000-0000000000AA"), "aa-synthetic", "Alcoholics Anonymous (synthetic)", "https://example.org/aa", 0.55,
        [
            ("O", "Open", [0]), ("C", "Closed", [1]), ("B", "Beginners", [2]), ("SP", "Speaker", [8]), ("D", "Discussion", [9]),
            ("ST", "Step Meeting", [10]), ("BB", "Big Book", [11]), ("W", "Women", [3]), ("LGBTQ", "LGBTQ+", [5]), ("X", "Wheelchair Access", [7]),
        ]),
        new(Guid.Parse("0B5E0000-0000-4000-8000-0000000000BB"), "na-synthetic", "Narcotics Anonymous (synthetic)", "https://example.org/na", 0.30,
        [
            ("O", "Open", [0]), ("C", "Closed", [1]), ("BEG", "Beginners", [2]), ("JFT", "Just for Today", [11]), ("SP", "Speaker", [8]),
            ("SD", "Speaker/Discussion", [8, 9]), ("W", "Women", [3]), ("M", "Men", [4]),
        ]),
        new(Guid.Parse("0B5E0000-0000-4000-8000-0000000000CC"), "smart-synthetic", "SMART Recovery (synthetic)", "https://example.org/smart", 0.15,
        [
            ("OPEN", "Open", [0, 14]), ("FF", "Family & Friends", [17, 14]), ("YP", "Young People", [6, 14]), ("DD", "Dual Diagnosis", [18, 14]), ("BSL", "BSL interpreted", [13, 14]),
        ]),
    ];

    private static District[] LoadDistricts()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("uk_postcode_districts.csv")
            ?? throw new InvalidOperationException("The postcode districts resource is missing.");
        using var reader = new StreamReader(stream);
        var districts = new List<District>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            if (parts.Length < 3
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
                || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
                || latitude is < 49.8 or > 61 || longitude is < -8.7 or > 2)
            {
                continue;
            }

            var area = new string(parts[0].TakeWhile(char.IsAsciiLetter).ToArray());
            districts.Add(new District(parts[0], latitude, longitude, CityAreas.GetValueOrDefault(area)));
        }

        return [.. districts];
    }

    private Fellowship PickFellowship(Fellowship[] fellowships)
    {
        var roll = _random.NextDouble();
        foreach (var fellowship in fellowships)
        {
            if (roll < fellowship.Share)
            {
                return fellowship;
            }

            roll -= fellowship.Share;
        }

        return fellowships[^1];
    }

    private string PickFormats(Fellowship fellowship)
    {
        var codes = new List<string> { fellowship.Formats[_random.Next(fellowship.Formats.Length > 2 ? 2 : 1)].Code };
        var extra = _random.Next(0, 3);
        for (var i = 0; i < extra; i++)
        {
            var code = fellowship.Formats[_random.Next(fellowship.Formats.Length)].Code;
            if (!codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        return "[" + string.Join(',', codes.Select(c => $"\"{c}\"")) + "]";
    }

    private string AnchorOn(DayOfWeek day)
    {
        var date = new DateOnly(2026, 1, 5).AddDays(_random.Next(0, 28));
        while (date.DayOfWeek != day)
        {
            date = date.AddDays(1);
        }

        return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>What EF Core's DateTimeOffsetToBinaryConverter stores.</summary>
    private static long ToBinary(DateTimeOffset value) => ((value.Ticks / 1000) << 11) | ((long)value.Offset.TotalMinutes & 0x07FF);
}

internal static class Sql
{
    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }

        command.Prepare();
        return command;
    }

    public static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] switch
            {
                null => DBNull.Value,
                Guid guid => guid.ToString("D").ToUpperInvariant(),
                var value => value,
            };
        }

        command.ExecuteNonQuery();
    }
}
