using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Meetings.Features.Formats;

/// <summary>One code of an organisation's format vocabulary.</summary>
/// <param name="Id">The code's id, as the change feed names it.</param>
/// <param name="Code">The organisation's own code, e.g. O, BT, SP.</param>
/// <param name="Labels">Labels by ISO 639-1 language; English (en) is required.</param>
/// <param name="Attributes">Shared attributes the code means, so cross-fellowship searches find it, e.g. women-only.</param>
/// <param name="MeetingGuideCode">The Meeting Guide type code to write in that feed, if one fits.</param>
internal sealed record FormatResponse(Guid Id, string Code, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<SharedAttribute> Attributes, string? MeetingGuideCode)
{
    public static FormatResponse From(FormatCode f) => new(f.Id, f.Code, f.Labels, [.. SharedAttributes.FromMask(f.AttributesMask).Order()], f.MeetingGuideCode);
}

/// <summary>A format code to add or replace.</summary>
/// <param name="Code">The organisation's own code, e.g. O, BT, SP; on PUT it must match the code in the URL.</param>
/// <param name="Labels">Labels by ISO 639-1 language; an English (en) label is required.</param>
/// <param name="Attributes">Shared attributes the code means, so cross-fellowship searches find it, e.g. women-only.</param>
/// <param name="MeetingGuideCode">The Meeting Guide type code to write in that feed, if one fits.</param>
internal sealed record FormatRequest(string? Code, IReadOnlyDictionary<string, string>? Labels, IReadOnlyList<SharedAttribute>? Attributes, string? MeetingGuideCode);

internal sealed record ListFormatsQuery(string OrganisationSlug) : IQuery<Tagged<IReadOnlyList<FormatResponse>>>;

internal sealed record SaveFormatCommand(string OrganisationSlug, string? PathCode, FormatRequest Format) : ICommand<FormatResponse>;

internal sealed class SaveFormatValidator : AbstractValidator<SaveFormatCommand>
{
    public SaveFormatValidator()
    {
        RuleFor(c => c.Format.Code).NotEmpty().MaximumLength(FormatCode.CodeMaxLength).Matches("^[A-Za-z0-9][A-Za-z0-9+-]*$")
            .OverridePropertyName("code").WithMessage("Letters, digits, + and -, up to 16 characters.");
        RuleFor(c => c.Format.Code).Equal(c => c.PathCode).When(c => c.PathCode is not null)
            .OverridePropertyName("code").WithMessage("Must match the code in the URL.");
        RuleFor(c => c.Format.Labels).Cascade(CascadeMode.Stop).NotNull().Must(l => l!.ContainsKey("en")).OverridePropertyName("labels").WithMessage("An English (en) label is required.");
        RuleFor(c => c.Format.Labels).Must(l => l!.Count <= 20 && l.All(p => p.Key.Length == 2 && p.Key.All(char.IsAsciiLetterLower) && !string.IsNullOrWhiteSpace(p.Value) && p.Value.Length <= FormatCode.LabelMaxLength))
            .When(c => c.Format.Labels is not null).OverridePropertyName("labels").WithMessage("Keys are ISO 639-1 codes (en, es); labels are 1 to 200 characters.");
        RuleFor(c => c.Format.MeetingGuideCode).MaximumLength(FormatCode.CodeMaxLength).OverridePropertyName("meetingGuideCode");
    }
}

internal sealed class FormatHandlers(MeetingsDbContext db, ISender sender, ICallerAccessor callers, TimeProvider clock) :
    IQueryHandler<ListFormatsQuery, Tagged<IReadOnlyList<FormatResponse>>>,
    ICommandHandler<SaveFormatCommand, FormatResponse>
{
    public async ValueTask<Tagged<IReadOnlyList<FormatResponse>>> Handle(ListFormatsQuery query, CancellationToken cancellationToken)
    {
        var organisation = await sender.Send(new GetOrganisationSummaryBySlugQuery(query.OrganisationSlug), cancellationToken);
        if (organisation is null || organisation.Kind != OrganisationKind.Fellowship || (organisation.Status != OrganisationStatus.Active && !callers.Caller.BelongsTo(organisation.Id)))
        {
            throw new NotFoundException("Organisation", query.OrganisationSlug);
        }

        var formats = await db.FormatCodes.AsNoTracking().Where(f => f.OrganisationId == organisation.Id).ToListAsync(cancellationToken);
        formats.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));

        // Codes have no version stamp; the tag takes the stored fields each response is made from.
        var tag = new ETagBuilder().Add(formats.Count);
        formats.ForEach(f => tag.Add(f.Code).Add(f.LabelsJson).Add(f.AttributesMask).Add(f.MeetingGuideCode));
        return new Tagged<IReadOnlyList<FormatResponse>>(formats.ConvertAll(FormatResponse.From), tag.Build());
    }

    public async ValueTask<FormatResponse> Handle(SaveFormatCommand command, CancellationToken cancellationToken)
    {
        var organisation = await sender.Send(new GetOrganisationSummaryBySlugQuery(command.OrganisationSlug), cancellationToken);
        if (organisation is null || !callers.Caller.HasRoleIn(organisation.Id, Role.OrgAdmin))
        {
            throw new NotFoundException("Organisation", command.OrganisationSlug);
        }

        if (organisation.Kind != OrganisationKind.Fellowship)
        {
            throw new BusinessRuleException("Only fellowships have meeting formats.");
        }

        var request = command.Format;
        var mask = SharedAttributes.ToMask(request.Attributes ?? []);
        var existing = await db.FormatCodes.SingleOrDefaultAsync(f => f.OrganisationId == organisation.Id && f.Code == request.Code, cancellationToken);
        var now = clock.GetUtcNow();
        if (command.PathCode is null)
        {
            if (existing is not null)
            {
                throw new ConflictException($"The code '{request.Code}' already exists; PUT /formats/{request.Code} replaces it.");
            }

            existing = FormatCode.Create(organisation.Id, request.Code!, request.Labels!, mask, request.MeetingGuideCode, now);
            db.FormatCodes.Add(existing);
            db.Outbox.Add(new FormatCodeChanged(existing.Id, organisation.Id, ChangeAction.Created));
        }
        else
        {
            if (existing is null)
            {
                throw new NotFoundException("Format", command.PathCode);
            }

            existing.Update(request.Labels!, mask, request.MeetingGuideCode, now);

            // A code's attributes feed every search of its meetings: search reloads them once this is committed.
            db.Outbox.Add(new FormatVocabularyChanged(organisation.Id));
            db.Outbox.Add(new FormatCodeChanged(existing.Id, organisation.Id, ChangeAction.Updated));
        }

        return FormatResponse.From(existing);
    }
}

internal static class FormatEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var formats = api.MapGroup("/organisations/{slug}/formats").WithTags("Formats");

        formats.MapGet("/", async (string slug, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var found = await sender.Send(new ListFormatsQuery(slug), cancellationToken);
                ConcurrencyHeaders.SetETag(response, found.ETag);
                return TypedResults.Ok(found.Value);
            })
            .WithName("ListFormats")
            .WithSummary("List a fellowship's meeting formats")
            .WithDescription("Public. The fellowship's own codes with labels by language and the shared attributes each means.")
            .AllowAnonymous()
            .Produces<IReadOnlyList<FormatResponse>>()
            .WithResponseExample(new[]
            {
                new FormatResponse(Guid.Parse("0193c1a4-0a1b-7c2d-8e3f-405162738495"), "O", new Dictionary<string, string> { ["en"] = "Open", ["es"] = "Abierta" }, [SharedAttribute.OpenToAll], "O"),
                new FormatResponse(Guid.Parse("0193c1a4-0a1b-7c2d-8e3f-405162738496"), "W", new Dictionary<string, string> { ["en"] = "Women" }, [SharedAttribute.WomenOnly], "W"),
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();

        formats.MapPost("/", async (string slug, FormatRequest request, ISender sender, CancellationToken cancellationToken) =>
            {
                var created = await sender.Send(new SaveFormatCommand(slug, null, request), cancellationToken);
                return TypedResults.Created($"/api/v1/organisations/{slug}/formats/{created.Code}", created);
            })
            .WithName("CreateFormat")
            .WithSummary("Add a format code")
            .WithDescription("Organisation admins and platform admins.")
            .RequireAuthorization(Policies.OrgAdmin)
            .Produces<FormatResponse>(StatusCodes.Status201Created)
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesCommonProblems()
            .WithRequestExample(new FormatRequest("CL", new Dictionary<string, string> { ["en"] = "Candlelight" }, [], "CAN"));

        formats.MapPut("/{code}", async (string slug, string code, FormatRequest request, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new SaveFormatCommand(slug, code, request), cancellationToken)))
            .WithName("ReplaceFormat")
            .WithSummary("Replace a format code's labels and meaning")
            .WithDescription("Organisation admins and platform admins. Searches of the organisation's meetings use the new attributes at once.")
            .RequireAuthorization(Policies.OrgAdmin)
            .Produces<FormatResponse>()
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesCommonProblems()
            .WithRequestExample(new FormatRequest("W", new Dictionary<string, string> { ["en"] = "Women", ["cy"] = "Menywod" }, [SharedAttribute.WomenOnly], "W"));
    }
}
