using Microsoft.OpenApi;
using RecoveryPlatform.Api.Security;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecoveryPlatform.Api.OpenApi;

/// <summary>
/// The OpenAPI document at /swagger/v1/swagger.json, which third parties generate clients from. It must say
/// what the API does: docs/openapi.json holds the reviewed copy, and OpenApiDocumentTests hold it to its rules.
/// </summary>
internal static class OpenApiSetup
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";

    /// <summary>What each tag groups, shown by documentation tools and used by generators for class names.</summary>
    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>
    {
        ["Organisations"] = "Fellowships and treatment services: the tenants every other record belongs to.",
        ["API keys"] = "Keys for an organisation's machines. The secret is shown once, when the key is issued.",
        ["Audit"] = "Who changed what and when: ids only, no field values.",
        ["Venues"] = "Places where meetings happen, with structured accessibility and normalised UK postcodes.",
        ["Imports"] = "A directory brought in from a Meeting Guide feed, a spreadsheet or a BMLT export: checked at once, imported in the background in one transaction, with a report of every meeting.",
        ["Webhooks"] = "Subscriptions that are told, by signed POSTs of ids only, when directory records or referrals change.",
        ["Groups"] = "The communities that hold meetings, with their contact details and status.",
        ["Meetings"] = "Meetings, their schedules in local time, one-off exceptions, occurrences, and search across every fellowship.",
        ["Referrals"] = "Treatment services refer people to fellowships with their consent, and both follow each referral to its outcome. The person's data is encrypted at rest, shown only to the two organisations with a stated purpose, logged on every read and erased on time (docs/referrals.md).",
        ["Formats"] = "Each fellowship's own format codes and the shared attributes they mean.",
        ["Open Referral UK"] = "The directory as an Open Referral UK 3.0 (HSDS-UK 3.0) API under /openreferral: meetings as services of their organisation at the venue or a virtual location, with HSDS schedules; shared attributes and venue accessibility as taxonomy terms (docs/adr/0014-open-referral-mapping.md).",
        ["Feeds"] = "The directory in the formats meeting finders, apps and spreadsheets already read: Meeting Guide JSON and the TSML spreadsheet layout as CSV. Public, cacheable, built once per change (docs/feeds.md).",
        ["Changes"] = "The change feed: every change to the public directory, in order, each once, for apps that keep a copy in sync (docs/feeds.md).",
    };

    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ValidationRuleCatalogue>();
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "RecoveryPlatform API",
                Version = "v1",
                Description = "Meeting directories of mutual-aid recovery fellowships, and referrals to them. " +
                    "Errors are RFC 9457 problem details; lists share one paging envelope; writes to versioned resources need If-Match. " +
                    "Conventions (credentials, errors, limits, concurrency) are described in docs/api.md.",
                Contact = new OpenApiContact { Name = configuration["OpenApi:ContactName"] ?? "RecoveryPlatform maintainers" },

                // No licence is declared for this code base, so none is invented: the API is proprietary.
                License = new OpenApiLicense { Name = "Proprietary" },
            });

            // Relative by default: the document is served by the API it describes, wherever that is hosted.
            options.AddServer(new OpenApiServer
            {
                Url = configuration["OpenApi:ServerUrl"] is { Length: > 0 } url ? url : "/",
                Description = "The server that serves this document.",
            });

            options.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "An API key issued to a machine by its organisation.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A person's token from their organisation's identity provider.",
            });

            // A property the compiler knows is never null is never null on the wire, and always present.
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();

            // A nullable reference ($ref) is written as allOf: [$ref] beside nullable: true, which OpenAPI 3.0 needs.
            options.UseAllOfToExtendReferenceSchemas();

            options.SchemaFilter<ValidationRulesSchemaFilter>();
            options.OperationFilter<QueryParametersFilter>();
            options.OperationFilter<SecurityRequirementsFilter>();
            options.OperationFilter<HttpHeadersFilter>();
            options.OperationFilter<RequestBodyTypesFilter>();
            options.OperationFilter<ExamplesFilter>();
            options.DocumentFilter<MergePatchDocumentFilter>();
            options.DocumentFilter<ReferenceSchemasFilter>();
            options.DocumentFilter<DocumentMetadataFilter>();
            foreach (var xml in Directory.EnumerateFiles(AppContext.BaseDirectory, "RecoveryPlatform.*.xml"))
            {
                options.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    /// <summary>Tags with their descriptions, and the shared header definitions.</summary>
    private sealed class DocumentMetadataFilter : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            var used = document.Paths?.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
                .Select(t => t.Name).OfType<string>().Distinct().Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>();
            document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
            {
                Name = name,
                Description = TagDescriptions.GetValueOrDefault(name),
            }));
            HttpHeadersFilter.AddComponents(document);
        }
    }
}
