using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RecoveryPlatform.SharedKernel.Errors;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>
/// Turns every exception that escapes an endpoint into RFC 9457 problem details. Bad input is a 4xx
/// naming the offending field; an unreachable database is a 503; anything else is a 500 whose
/// detail is shown only in Development. Exception messages never reach the client otherwise,
/// because they can echo input or name servers.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, IHostEnvironment environment, ILogger<ApiExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return true;
        }

        var problem = ToProblem(exception, httpContext);
        if (problem.Status >= 500)
        {
            LogServerFault(exception.GetType().Name, httpContext.Request.Method, httpContext.GetEndpoint()?.DisplayName, exception);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private ProblemDetails ToProblem(Exception exception, HttpContext httpContext)
    {
        switch (exception)
        {
            case ValidationException validation:
                return Validation(validation.Errors
                    .GroupBy(e => FieldPath(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));

            case ProblemException known:
                var problem = new ProblemDetails { Status = known.StatusCode, Title = known.Title, Detail = known.Message };
                foreach (var (key, value) in known.Extensions)
                {
                    problem.Extensions[key] = value;
                }

                return problem;

            case BadHttpRequestException badRequest when badRequest.StatusCode == StatusCodes.Status400BadRequest:
                return BadRequest(badRequest);

            case BadHttpRequestException other:
                return new ProblemDetails { Status = other.StatusCode, Detail = PublicDetailFor(other.StatusCode) };

            case JsonException json:
                return Validation(new Dictionary<string, string[]> { [JsonField(json)] = [InvalidValue] });

            case DbUpdateConcurrencyException when httpContext.Request.Headers.ContainsKey("If-Match"):
                // Someone saved between our read and our write: the same outcome as a stale If-Match.
                var stale = new PreconditionFailedException();
                return new ProblemDetails { Status = stale.StatusCode, Title = stale.Title, Detail = stale.Message };

            case DbUpdateConcurrencyException:
                // The same race without a precondition sent (a referral moved on twice at once): 412 would name
                // a header the client never used.
                return new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = "Another request changed it at the same moment. Read it again, then retry if it still applies." };

            case DbUpdateException update when IsUniqueViolation(update.InnerException):
                return new ProblemDetails { Status = StatusCodes.Status409Conflict, Detail = "The change conflicts with an existing record." };

            case var unavailable when IsDatabaseUnavailable(unavailable):
                return new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Detail = "The database is unavailable. Try again shortly." };

            default:
                return new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Detail = environment.IsDevelopment() ? exception.ToString() : "An unexpected error occurred. Quote the traceId when reporting it.",
                };
        }
    }

    private const string InvalidValue = "The value is not valid for this field.";

    private static ValidationProblemDetails Validation(IDictionary<string, string[]> errors) =>
        new(errors) { Status = StatusCodes.Status400BadRequest, Title = "One or more validation errors occurred." };

    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return Validation(new Dictionary<string, string[]> { [JsonField(json)] = [InvalidValue] });
        }

        // Minimal APIs name the parameter in their message, e.g. 'Failed to bind parameter "int page" from "abc".'
        var match = BindingFailure().Match(exception.Message);
        if (match.Success)
        {
            var parameter = FieldPath(match.Groups["name"].Value);
            var message = exception.Message.Contains("not provided", StringComparison.Ordinal) ? "A value is required." : InvalidValue;
            return Validation(new Dictionary<string, string[]> { [parameter] = [message] });
        }

        if (exception.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase))
        {
            return Validation(new Dictionary<string, string[]> { ["body"] = ["A JSON request body is required."] });
        }

        return new ProblemDetails { Status = StatusCodes.Status400BadRequest, Detail = "The request could not be read." };
    }

    /// <summary>'$.schedule.startTime' → 'schedule.startTime'; the document root is 'body'.</summary>
    private static string JsonField(JsonException exception)
    {
        var path = exception.Path;
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>FluentValidation's 'Address.Postcode' or 'Items[0].Code' → 'address.postcode', 'items[0].code'.</summary>
    internal static string FieldPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(segment => segment.Length == 0 ? segment : JsonNamingPolicy.CamelCase.ConvertName(segment)));

    private static string? PublicDetailFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        _ => null,
    };

    private static bool IsUniqueViolation(Exception? exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Microsoft.Data.SqlClient.SqlException sql => sql.Number is 2601 or 2627,
        _ => false,
    };

    private static bool IsDatabaseUnavailable(Exception exception) => exception switch
    {
        RetryLimitExceededException => true,
        SqliteException sqlite => sqlite.IsTransient || sqlite.SqliteErrorCode is 8 or 10 or 13 or 14, // READONLY, IOERR, FULL, CANTOPEN
        DbException db => db.IsTransient || db is Microsoft.Data.SqlClient.SqlException,
        TimeoutException => true,
        InvalidOperationException { InnerException: { } inner } => IsDatabaseUnavailable(inner),
        DbUpdateException { InnerException: { } inner } => IsDatabaseUnavailable(inner),
        _ => false,
    };

    [GeneratedRegex("parameter \"(?<type>[^\" ]+) (?<name>[^\" ]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex BindingFailure();

    [LoggerMessage(Level = LogLevel.Error, Message = "{ExceptionType} while handling {Method} {Endpoint}")]
    private partial void LogServerFault(string exceptionType, string method, string? endpoint, Exception exception);
}
