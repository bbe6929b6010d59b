using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Timeouts;
using RecoveryPlatform.Api.Http;
using RecoveryPlatform.Api.Idempotency;
using RecoveryPlatform.Api.Infrastructure;
using RecoveryPlatform.Api.OpenApi;
using RecoveryPlatform.Api.Security;
using RecoveryPlatform.Modules.Organisations;
using RecoveryPlatform.Modules.Organisations.Authentication;
using RecoveryPlatform.Modules.Venues;
using RecoveryPlatform.Modules.Groups;
using RecoveryPlatform.Modules.Meetings;
using RecoveryPlatform.Modules.Imports;
using RecoveryPlatform.Modules.Referrals;
using RecoveryPlatform.Modules.Webhooks;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Idempotency;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Modules;
using RecoveryPlatform.SharedKernel.Persistence;
using RecoveryPlatform.SharedKernel.Pipeline;

var builder = WebApplication.CreateBuilder(args);

// The database is checked before anything else: a folder we cannot write or a corrupt file stops
// start-up here with one line naming the path.
var database = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
if (DataFolder.Prepare(builder.Configuration, builder.Environment.ContentRootPath, database) is { } startupError)
{
    using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
    loggers.CreateLogger("RecoveryPlatform.Startup").LogCritical("Cannot start: {Reason}", startupError);
    return 1;
}

if (KeyMaterial.ApiKeyHashingKey(builder.Configuration, database, DataFolder.Resolve(builder.Configuration, builder.Environment.ContentRootPath)) is not { } apiKeyHashingKey)
{
    using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
    loggers.CreateLogger("RecoveryPlatform.Startup").LogCritical(
        "Cannot start: RecoveryPlatform:ApiKeyHashingKey must be set (base64, at least 32 bytes) when the database is not the embedded default.");
    return 1;
}

builder.Services.Configure<DatabaseOptions>(options =>
{
    options.Provider = database.Provider;
    options.ConnectionString = database.ConnectionString;
    options.MigrateOnStartup = database.MigrateOnStartup;
});

var maxBodyBytes = builder.Configuration.GetValue("RecoveryPlatform:MaxRequestBodyBytes", RequestBodyLimit.DefaultMaxBytes);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = maxBodyBytes;

    // Above the documented limits, which UseRequestHeadLimits enforces with problem details.
    kestrel.Limits.MaxRequestLineSize = RequestHeadLimits.ServerRequestLineBytes;
    kestrel.Limits.MaxRequestHeaderCount = RequestHeadLimits.ServerHeaderFields;

    // A header byte above 0x7F is refused by Kestrel, with a bare 400 before any middleware runs. Read
    // as Latin-1 the request reaches the API, which refuses it with the same 400 as problem details
    // naming the header (UseRequestHeadLimits).
    kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;
});

builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));

    // A property named twice is ambiguous (parsers disagree on which wins), so no body may have one;
    // merge patches (JsonObject) are read with the same rules as typed bodies, bad text included.
    json.SerializerOptions.AllowDuplicateProperties = false;
    json.SerializerOptions.Converters.Add(new StrictJsonObjectConverter());
});

// Binding failures throw so that ApiExceptionHandler can answer with the offending field named.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

// Ahead of the framework's writer, so that an Accept without JSON still gets its problem document.
builder.Services.AddSingleton<IProblemDetailsWriter, ProblemsWhateverTheAccept>();
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
{
    var problem = context.ProblemDetails;
    problem.Type ??= ProblemTypes.For(problem.Status ?? context.HttpContext.Response.StatusCode);
    problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
});
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
var requestTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("RecoveryPlatform:RequestTimeoutSeconds", 30));
builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
{
    Timeout = requestTimeout,
    TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
    WriteTimeoutResponse = context =>
    {
        context.Response.Headers.RetryAfter = "5";
        return context.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, $"The request took longer than {requestTimeout.TotalSeconds:0} s and was stopped. Try again shortly.").AsTask();
    },
});
builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
    policy.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("ETag", "Location", "Retry-After", RateLimitPolicy.LimitHeader, RateLimitPolicy.PolicyHeader, TraceHeaders.TraceResponse, TraceHeaders.CorrelationId)));

var telemetry = builder.AddPlatformTelemetry();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddMemoryCache();
builder.Services.AddHealthChecks().AddCheck<PipelineWarmUp>("warm-up", tags: ["ready"]);
builder.Services.AddSingleton<PipelineWarmUp>();
builder.Services.AddHostedService(services => services.GetRequiredService<PipelineWarmUp>());
builder.Services.AddPlatformSecurity(builder.Configuration);
builder.Services.AddPlatformRateLimits(builder.Configuration);
builder.Services.AddPlatformResponseCompression();
builder.Services.AddPlatformOutputCache();
builder.Services.AddPlatformOpenApi(builder.Configuration);

builder.Services.AddMediator((Mediator.MediatorOptions options) =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.PipelineBehaviors =
    [
        typeof(LoggingBehaviour<,>),
        typeof(ValidationBehaviour<,>),
        typeof(UnitOfWorkBehaviour<,>),
    ];
});
// Singletons: building a validator compiles an expression per rule, far too costly to repeat per request.
// Validators therefore depend on nothing scoped (who the caller is belongs in handlers).
builder.Services.AddValidatorsFromAssemblies(ModuleCatalogue.Assemblies, ServiceLifetime.Singleton, includeInternalTypes: true);

// A rule stops at its first failure: a later check in the chain may assume what an earlier one
// established (NotNull, then a lambda that dereferences), and must never turn bad input into a 500.
ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
builder.Services.Configure<ApiKeyHashingOptions>(options => options.HashingKey = apiKeyHashingKey);
builder.Services.AddOrganisationsModule();
builder.Services.AddVenuesModule();
builder.Services.AddGroupsModule();
builder.Services.AddMeetingsModule();
var dataFolder = DataFolder.Resolve(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddReferralsModule(options => KeyMaterial.ReferralKeys(builder.Configuration, database, dataFolder, options));
builder.Services.AddImportsModule();
builder.Services.AddHostedService<DatabaseInitialiser>();
builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection(OutboxOptions.SectionName));
builder.Services.AddPlatformMessaging(ModuleCatalogue.Assemblies);

// After the database initialiser too: its dispatcher reads the databases it migrates.
builder.Services.AddWebhooksModule(options => KeyMaterial.WebhookKeys(builder.Configuration, database, dataFolder, options));
builder.Services.AddScoped<IdempotentRequest>();
builder.Services.AddSingleton<IdempotencyStore>();
builder.Services.AddSingleton(new ResponseProtector(apiKeyHashingKey));
builder.Services.Configure<DemoDataOptions>(options =>
{
    options.Enabled = builder.Configuration.GetValue("RecoveryPlatform:SeedDemoData", true);
    options.KeysFilePath = builder.Environment.IsDevelopment()
        ? Path.Combine(DataFolder.Resolve(builder.Configuration, builder.Environment.ContentRootPath), "demo-api-keys.txt")
        : null;
});

var app = builder.Build();

// A command or event handler of a module without a database would run without a transaction: refuse to start.
app.Services.GetRequiredService<MessageRouting>().EnsureUnitsOfWork(app.Services);

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(app, args);
}

app.UseResponseHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

// HEAD goes through as GET (before routing matches it) and its body is dropped.
app.UseHeadAsGet();
app.UseExceptionHandler();
app.UseRequestHeadLimits();
app.UseStatusCodePages();
app.UseRouting();
app.UseRequestBodyLimit(maxBodyBytes);
app.UseCors();
app.UseCacheHeaders();
app.ThrottleFailedCredentials();
app.UseAuthentication();
app.RejectFailedCredentials();
app.UseRateLimiter();
app.UseRateLimitHeaders();
app.UseAuthorization();
app.UseJsonOnly();
app.UseKnownCharsets();

// Stored search answers are served here: after the rate limiter (a hit still takes a token and gets its
// RateLimit fields), before compression (what is stored is compressed). Everything the endpoints write,
// problems included, passes through compression; the refusals above (401, 406, 429) are small and are not.
app.UseOutputCache();
app.UsePlatformResponseCompression();
app.UseMiddleware<IdempotencyMiddleware>();

// Again inside: a refusal thrown as an exception (a validation failure, a 404) is then a response the
// idempotency middleware can keep and replay like any other.
app.UseExceptionHandler();

// Inside the exception handlers: they take a cancelled request for a client that went away (499), so a timeout
// must be turned into its 503 problem before one of them sees it.
app.UseRequestTimeouts();

app.UseSwagger();
app.UseSwaggerUI(ui =>
{
    ui.SwaggerEndpoint("/swagger/v1/swagger.json", "RecoveryPlatform API v1");
    ui.DocumentTitle = "RecoveryPlatform API";
});

// Probes read; any other method is refused with 405 (HEAD arrives here as GET, UseHeadAsGet).
var probeMethods = new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]);
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithMetadata(probeMethods).ExcludeFromDescription();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthReports.WriteAsync })
    .WithMetadata(probeMethods).ExcludeFromDescription();

app.MapPlatformTelemetry(telemetry);

var api = app.MapGroup("/api/v1");

// Every GET that sets an ETag answers If-None-Match with 304 (and a failed If-Match with 412) before rendering.
api.AddEndpointFilter<ConditionalGetFilter>();
api.MapOrganisationsEndpoints();
api.MapVenuesEndpoints();
api.MapGroupsEndpoints();
api.MapMeetingsEndpoints();
api.MapReferralsEndpoints();
api.MapImportsEndpoints();
api.MapWebhooksEndpoints();
app.MapOpenReferralEndpoints();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
