using System.Globalization;
using System.Text.Json;
using FluentValidation.Validators;
using Microsoft.OpenApi;
using RecoveryPlatform.SharedKernel.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecoveryPlatform.Api.OpenApi;

/// <summary>
/// States on request schemas what their validators enforce: <c>required</c> for NotNull/NotEmpty, lengths,
/// ranges, patterns, e-mail and URL formats, enums of closed vocabularies, and the supported calendar.
/// </summary>
internal sealed class ValidationRulesSchemaFilter(ValidationRuleCatalogue catalogue) : ISchemaFilter
{
    /// <summary>
    /// Members a validator requires where no unconditional rule says so: a schedule is checked whole by
    /// MeetingRules.TryBuildSchedule, which refuses one without a start time or a recurrence, and a
    /// recurrence without its kind or weekday (and the meeting's rules refuse a formatsByWeekOfMonth entry without
    /// its week or formats, which its own validator alone says unconditionally); a referral's person, consent and practitioner are required
    /// objects whose members' NotEmpty rules run only once the object is there (When), which the catalogue
    /// cannot tell from a condition that makes a member optional.
    /// </summary>
    private static readonly HashSet<(string Type, string Property)> CheckedInCode =
    [
        ("ScheduleRequest", "startTime"),
        ("ScheduleRequest", "recurrence"),
        ("RecurrenceRequest", "kind"),
        ("RecurrenceRequest", "day"),
        ("WeekOfMonthFormatsRequest", "weekOfMonth"),
        ("WeekOfMonthFormatsRequest", "formats"),
        ("PersonRequest", "firstName"),
        ("PersonRequest", "preferredContactMethod"),
        ("ConsentRequest", "given"),
        ("ConsentRequest", "statementVersion"),
        ("ConsentRequest", "capturedBy"),
        ("ConsentRequest", "capturedAt"),
        ("PractitionerRequest", "name"),
        ("PractitionerRequest", "role"),
    ];

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is not { Count: > 0 } properties || !catalogue.IsValidated(context.Type))
        {
            return;
        }

        // docs/api.md: unknown properties of a request body are ignored, not refused.
        concrete.AdditionalPropertiesAllowed = true;
        concrete.AdditionalProperties = null;

        foreach (var property in context.Type.GetProperties())
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!properties.TryGetValue(name, out var propertySchema))
            {
                continue;
            }

            var rules = catalogue.For(context.Type, property.Name);
            if (rules.IsRequired || CheckedInCode.Contains((context.Type.Name, name)))
            {
                concrete.Required ??= new SortedSet<string>(StringComparer.Ordinal);
                concrete.Required.Add(name);

                // A null there is refused like a missing value, so the document does not offer it.
                if (propertySchema is OpenApiSchema { Type: { } type } nonNull)
                {
                    nonNull.Type = type == JsonSchemaType.Null ? null : type & ~JsonSchemaType.Null;
                }
            }

            // A bare reference ($ref) takes no keywords beside it; enums and nested objects carry their own.
            if (propertySchema is OpenApiSchema inline)
            {
                ValidationRuleSchemas.Apply(inline, rules.Components);
            }
        }
    }
}

/// <summary>Turns validator components into JSON Schema keywords; shared by request bodies and query parameters.</summary>
internal static class ValidationRuleSchemas
{
    public static void Apply(OpenApiSchema schema, IEnumerable<ValidationRuleCatalogue.RuleComponent> components)
    {
        foreach (var component in components)
        {
            var target = component.ForEachItem || (IsArray(schema) && component.Validator is IClosedVocabularyValidator or IPatternValidator)
                ? schema.Items as OpenApiSchema
                : schema;
            if (target is null)
            {
                continue;
            }

            ApplyOne(target, component);
        }
    }

    private static void ApplyOne(OpenApiSchema schema, ValidationRuleCatalogue.RuleComponent component)
    {
        switch (component.Validator)
        {
            case INotEmptyValidator when !component.Conditional && IsArray(schema):
                schema.MinItems = Math.Max(schema.MinItems ?? 0, 1);
                break;
            case INotEmptyValidator when !component.Conditional && IsString(schema):
                // NotEmpty refuses "", and text that is only white space.
                schema.MinLength = Math.Max(schema.MinLength ?? 0, 1);
                schema.Pattern ??= @"\S";
                break;
            case ILengthValidator length when IsString(schema):
                if (length.Min > 0)
                {
                    schema.MinLength = Math.Max(schema.MinLength ?? 0, length.Min);
                }

                if (length.Max > 0)
                {
                    schema.MaxLength = schema.MaxLength is { } max ? Math.Min(max, length.Max) : length.Max;
                }

                break;
            case IBetweenValidator between when IsNumber(schema):
                var exclusive = between.GetType().Name.StartsWith("ExclusiveBetween", StringComparison.Ordinal);
                SetMinimum(schema, between.From, exclusive);
                SetMaximum(schema, between.To, exclusive);
                break;
            case IComparisonValidator { ValueToCompare: { } value } comparison when IsNumber(schema):
                switch (comparison.Comparison)
                {
                    case Comparison.GreaterThan:
                        SetMinimum(schema, value, exclusive: true);
                        break;
                    case Comparison.GreaterThanOrEqual:
                        SetMinimum(schema, value, exclusive: false);
                        break;
                    case Comparison.LessThan:
                        SetMaximum(schema, value, exclusive: true);
                        break;
                    case Comparison.LessThanOrEqual:
                        SetMaximum(schema, value, exclusive: false);
                        break;
                }

                break;
            case IRegularExpressionValidator regex when IsString(schema):
                schema.Pattern = regex.Expression;
                break;
            case IPatternValidator each when IsString(schema):
                schema.Pattern = each.Pattern;
                break;
            case IEmailValidator when IsString(schema):
                schema.Format = "email";
                break;
            case IClosedVocabularyValidator vocabulary when IsString(schema):
                schema.Enum = [.. vocabulary.Values.Select(v => (System.Text.Json.Nodes.JsonNode)v)];
                break;
            default:
                if (component.Message == UrlRules.Message && IsString(schema))
                {
                    schema.Format = "uri";
                }
                else if (component.Message == SupportedCalendar.Message && schema.Format is "date" or "date-time")
                {
                    AddSentence(schema, "From 1900-01-01 to 2999-12-31 (instants compared in UTC).");
                }

                break;
        }
    }

    public static void AddSentence(OpenApiSchema schema, string sentence)
    {
        if (schema.Description?.Contains(sentence, StringComparison.Ordinal) == true)
        {
            return;
        }

        schema.Description = string.IsNullOrWhiteSpace(schema.Description) ? sentence : $"{schema.Description.TrimEnd()} {sentence}";
    }

    private static bool IsArray(OpenApiSchema schema) => schema.Type?.HasFlag(JsonSchemaType.Array) == true;

    private static bool IsString(OpenApiSchema schema) => schema.Type?.HasFlag(JsonSchemaType.String) == true;

    private static bool IsNumber(OpenApiSchema schema) =>
        schema.Type?.HasFlag(JsonSchemaType.Number) == true || schema.Type?.HasFlag(JsonSchemaType.Integer) == true;

    private static void SetMinimum(OpenApiSchema schema, object value, bool exclusive)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        if (exclusive)
        {
            schema.ExclusiveMinimum = text;
        }
        else
        {
            schema.Minimum = text;
        }
    }

    private static void SetMaximum(OpenApiSchema schema, object value, bool exclusive)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        if (exclusive)
        {
            schema.ExclusiveMaximum = text;
        }
        else
        {
            schema.Maximum = text;
        }
    }
}
