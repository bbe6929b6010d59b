using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Meetings.Features.Calendars;
using RecoveryPlatform.Modules.Meetings.Features.CancellationsAndChanges;
using RecoveryPlatform.Modules.Meetings.Features.CreateMeeting;
using RecoveryPlatform.Modules.Meetings.Features.DeleteMeeting;
using RecoveryPlatform.Modules.Meetings.Features.Feeds;
using RecoveryPlatform.Modules.Meetings.Features.Feeds.Http;
using RecoveryPlatform.Modules.Meetings.Features.Feeds.OpenReferral;
using RecoveryPlatform.Modules.Meetings.Features.Formats;
using RecoveryPlatform.Modules.Meetings.Features.GetMeeting;
using RecoveryPlatform.Modules.Meetings.Features.Imports;
using RecoveryPlatform.Modules.Meetings.Features.Occurrences;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.Modules.Meetings.Features.UpdateMeeting;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.Modules.Meetings.Startup;
using RecoveryPlatform.SharedKernel.Imports;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Modules;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Meetings;

/// <summary>The Meetings module: schedules in their own time zones, formats, and search across fellowships.</summary>
public static class MeetingsModule
{
    public static IServiceCollection AddMeetingsModule(this IServiceCollection services)
    {
        services.AddModuleDbContext<MeetingsDbContext, MeetingsSqliteDbContext, MeetingsSqlServerDbContext>(MeetingsDbContext.SchemaName);
        services.AddSingleton<MeetingSearchIndex>();
        services.AddHealthChecks().AddCheck<SearchIndexHealthCheck>("search-index", tags: ["ready"]);
        services.AddSingleton<ILocalReadModel, SearchIndexFollower>();
        services.AddSingleton<MeetingCache>();
        services.AddSingleton<SearchResultJson>();
        services.AddSingleton<SearchTelemetry>();
        services.AddSingleton<SearchAnswerVersions>();
        services.AddScoped<VisibleMeetings>();
        services.AddSingleton<PublishedFeeds>();
        services.AddSingleton<ILocalReadModel, PublishedFeedsFollower>();
        services.AddSingleton<FeedsBuiltBeforeReady>();
        services.AddHostedService(provider => provider.GetRequiredService<FeedsBuiltBeforeReady>());
        services.AddHealthChecks().AddCheck<FeedsBuiltBeforeReady>("feeds", tags: ["ready"]);
        services.AddScoped<DirectoryListings>();
        services.AddImportRunMemory<MeetingImportRun>();
        services.AddSingleton<IModuleStartupTask, DemoMeetingsTask>();
        services.AddSingleton<IModuleStartupTask, LoadSearchIndexTask>();
        services.AddSingleton<IModuleStartupTask, WarmUpSearchTask>();
        services.AddSingleton<IPipelineWarmUpPaths, SearchWarmUpPaths>();
        return services;
    }

    public static IEndpointRouteBuilder MapMeetingsEndpoints(this IEndpointRouteBuilder api)
    {
        var meetings = api.MapGroup("/meetings").WithTags("Meetings");
        SearchMeetingsEndpoint.Map(meetings);
        CreateMeetingEndpoint.Map(meetings);
        GetMeetingEndpoint.Map(meetings);
        UpdateMeetingEndpoints.Map(meetings);
        DeleteMeetingEndpoint.Map(meetings);
        MeetingExceptionEndpoints.Map(meetings);
        ListOccurrencesEndpoint.Map(meetings);
        CalendarEndpoints.Map(api);
        FormatEndpoints.Map(api);
        FeedEndpoints.Map(api);
        return api;
    }

    /// <summary>The Open Referral UK API, at the root (<c>/openreferral</c>), where local-service directories look for it.</summary>
    public static IEndpointRouteBuilder MapOpenReferralEndpoints(this IEndpointRouteBuilder app)
    {
        OpenReferralEndpoints.Map(app);
        return app;
    }
}
