using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.OpenApi;
using RecoveryPlatform.SharedKernel.Paging;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecoveryPlatform.Api.OpenApi;

/// <summary>
/// Query parameters as the API reads them. Names are camelCase (a filter record's <c>PageSize</c> property
/// is the <c>pageSize</c> parameter; binding ignores case, so only the document was wrong), and each
/// parameter states the rules its validator enforces, lists accept repeats, and dates the supported calendar.
/// </summary>
internal sealed class QueryParametersFilter(ValidationRuleCatalogue catalogue) : IOperationFilter
{
    private const string CalendarSentence = "From 1900-01-01 to 2999-12-31 (instants compared in UTC).";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.In is not (ParameterLocation.Query or ParameterLocation.Path))
            {
                continue;
            }

            var description = context.ApiDescription.ParameterDescriptions
                .FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            if (parameter.In == ParameterLocation.Query)
            {
                parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
            }

            if (parameter.Schema is not OpenApiSchema schema)
            {
                continue;
            }

            // A query or path parameter is absent or has a value: it is never null.
            schema.Type &= ~JsonSchemaType.Null;

            if (description is not null && BoundProperty(description) is { } property)
            {
                ValidationRuleSchemas.Apply(schema, catalogue.For(property.DeclaringType!, property.Name).Components);
            }

            // What the rules said in words belongs to the parameter, where readers look for it.
            if (schema.Description is { Length: > 0 } said)
            {
                parameter.Description = Sentence(parameter.Description, said);
                schema.Description = null;
            }

            ApplyPaging(parameter, schema);
            if (schema.Type?.HasFlag(JsonSchemaType.Array) == true)
            {
                // The API also splits each value at commas (day=tuesday,thursday); repeating the parameter is the standard form.
                parameter.Style = ParameterStyle.Form;
                parameter.Explode = true;
                parameter.Description = Sentence(parameter.Description, "Repeat the parameter for several values, or separate them with commas.");
            }

            // docs/api.md: every date and instant the API accepts, in a body, a query string or a path, lies in the supported calendar.
            if (schema.Format is "date" or "date-time")
            {
                parameter.Description = Sentence(parameter.Description, CalendarSentence);
            }
        }
    }

    /// <summary>
    /// Every list validates page and pageSize the same way (<see cref="PageRequestValidation"/>); some lists
    /// bind them as loose parameters rather than a filter record, and get the same bounds from here.
    /// </summary>
    private static void ApplyPaging(OpenApiParameter parameter, OpenApiSchema schema)
    {
        switch (parameter.Name)
        {
            case "page" when parameter.In == ParameterLocation.Query:
                schema.Minimum = "1";
                schema.Maximum = Paging.MaxPage.ToString(System.Globalization.CultureInfo.InvariantCulture);
                schema.Default = 1;
                parameter.Description ??= "Page number, from 1.";
                break;
            case "pageSize" when parameter.In == ParameterLocation.Query:
                schema.Minimum = "1";
                schema.Maximum = Paging.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
                schema.Default = Paging.DefaultPageSize;
                parameter.Description ??= $"Items per page, 1 to {Paging.MaxPageSize}.";
                break;
        }
    }

    /// <summary>The filter-record property an [AsParameters] query parameter binds to.</summary>
    private static PropertyInfo? BoundProperty(ApiParameterDescription description) =>
        description.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo.Member: PropertyInfo property } ? property : null;

    private static string Sentence(string? text, string sentence) =>
        string.IsNullOrWhiteSpace(text) ? sentence
        : text.Contains(sentence, StringComparison.Ordinal) ? text
        : $"{text.TrimEnd()} {sentence}";
}
