using RecoveryPlatform.IntegrationTests.Access;

namespace RecoveryPlatform.IntegrationTests;

// The same HTTP suite on SQL Server (Testcontainers). Where no Docker engine runs, each of these
// tests is reported as skipped with the reason. Add a line here for every new HTTP test class
// (ProviderCopiesTests fails until you do).
public sealed class HttpConventionsTestsOnSqlServer(SqlServerApiFactory api) : HttpConventionsTests<SqlServerApiFactory>(api);
public sealed class AuditTrailTestsOnSqlServer(SqlServerApiFactory api) : AuditTrailTests<SqlServerApiFactory>(api);
public sealed class ChangeFeedTestsOnSqlServer(SqlServerApiFactory api) : Changes.ChangeFeedTests<SqlServerApiFactory>(api);
public sealed class ChangeFeedConcurrencyTestsOnSqlServer(SqlServerApiFactory api) : Changes.ChangeFeedConcurrencyTests<SqlServerApiFactory>(api);
public sealed class VenuesTestsOnSqlServer(SqlServerApiFactory api) : Venues.VenuesTests<SqlServerApiFactory>(api);

public sealed class CredentialTestsOnSqlServer(SqlServerApiFactory api) : CredentialTests<SqlServerApiFactory>(api);

public sealed class OrganisationAccessTestsOnSqlServer(SqlServerApiFactory api) : OrganisationAccessTests<SqlServerApiFactory>(api);

public sealed class WriteEndpointMatrixTestsOnSqlServer(SqlServerApiFactory api) : WriteEndpointMatrixTests<SqlServerApiFactory>(api);
public sealed class GroupsTestsOnSqlServer(SqlServerApiFactory api) : Groups.GroupsTests<SqlServerApiFactory>(api);
public sealed class MeetingsTestsOnSqlServer(SqlServerApiFactory api) : Meetings.MeetingsTests<SqlServerApiFactory>(api);
public sealed class ScheduleTestsOnSqlServer(SqlServerApiFactory api) : Meetings.ScheduleTests<SqlServerApiFactory>(api);
public sealed class WeekOfMonthScheduleTestsOnSqlServer(SqlServerApiFactory api) : Meetings.WeekOfMonthScheduleTests<SqlServerApiFactory>(api);
public sealed class FormatsTestsOnSqlServer(SqlServerApiFactory api) : Meetings.FormatsTests<SqlServerApiFactory>(api);
public sealed class SearchTestsOnSqlServer(SqlServerApiFactory api) : Meetings.SearchTests<SqlServerApiFactory>(api);
public sealed class CalendarTestsOnSqlServer(SqlServerApiFactory api) : Meetings.CalendarTests<SqlServerApiFactory>(api);
public sealed class StateChangeTestsOnSqlServer(SqlServerApiFactory api) : Messaging.StateChangeTests<SqlServerApiFactory>(api);
public sealed class LeaseTestsOnSqlServer(SqlServerApiFactory api) : Messaging.LeaseTests<SqlServerApiFactory>(api);
public sealed class HostileInputTestsOnSqlServer(SqlServerApiFactory api) : HostileInputTests<SqlServerApiFactory>(api);
public sealed class HttpCachingTestsOnSqlServer(SqlServerApiFactory api) : HttpCachingTests<SqlServerApiFactory>(api);
public sealed class IdempotencyTestsOnSqlServer(SqlServerApiFactory api) : Http.IdempotencyTests<SqlServerApiFactory>(api);
public sealed class SearchAnswerCacheTestsOnSqlServer(SqlServerApiFactory api) : Http.SearchAnswerCacheTests<SqlServerApiFactory>(api);
public sealed class DocumentDrivenTestsOnSqlServer(SqlServerApiFactory api) : OpenApi.DocumentDrivenTests<SqlServerApiFactory>(api);
public sealed class ReferralsTestsOnSqlServer(SqlServerApiFactory api) : Referrals.ReferralsTests<SqlServerApiFactory>(api);
public sealed class FeedsTestsOnSqlServer(SqlServerApiFactory api) : Meetings.FeedsTests<SqlServerApiFactory>(api);
public sealed class FeedBuildTestsOnSqlServer(SqlServerApiFactory api) : Meetings.FeedBuildTests<SqlServerApiFactory>(api);
public sealed class ImportTestsOnSqlServer(SqlServerApiFactory api) : Imports.ImportTests<SqlServerApiFactory>(api);
public sealed class ImportedMeetingTestsOnSqlServer(SqlServerApiFactory api) : Meetings.ImportedMeetingTests<SqlServerApiFactory>(api);
public sealed class OpenReferralTestsOnSqlServer(SqlServerApiFactory api) : OpenReferral.OpenReferralTests<SqlServerApiFactory>(api);
public sealed class WebhooksTestsOnSqlServer(SqlServerApiFactory api) : Webhooks.WebhooksTests<SqlServerApiFactory>(api);
public sealed class TraceHeadersTestsOnSqlServer(SqlServerApiFactory api) : Observability.TraceHeadersTests<SqlServerApiFactory>(api);
