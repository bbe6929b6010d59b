using System.Text.Json.Nodes;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>Replaces the resource <paramref name="key"/> names with <paramref name="request"/>, if <paramref name="expected"/> names its current version.</summary>
public delegate ValueTask<Tagged<TResponse>> ReplaceResource<in TKey, in TRequest, TResponse>(
    TKey key, TRequest request, IfMatch expected, ISender sender, CancellationToken cancellationToken);

/// <summary>Creates a resource from <paramref name="request"/>; returns it with the ETag of its first version.</summary>
public delegate ValueTask<Tagged<TResponse>> CreateResource<in TRequest, TResponse>(TRequest request, ISender sender, CancellationToken cancellationToken);

/// <summary>The resource <paramref name="key"/> names, as the caller may see it, with the ETag of that representation.</summary>
public delegate ValueTask<Tagged<TResponse>> ReadResource<in TKey, TResponse>(TKey key, ISender sender, CancellationToken cancellationToken);

/// <summary>Deletes the resource <paramref name="key"/> names, if <paramref name="expected"/> names its current version.</summary>
public delegate ValueTask DeleteResource<in TKey>(TKey key, IfMatch expected, ISender sender, CancellationToken cancellationToken);

/// <summary>The resource <paramref name="key"/> names, in the writable form a PUT takes.</summary>
public delegate ValueTask<TRequest> ReadWritable<in TKey, TRequest>(TKey key, ISender sender, CancellationToken cancellationToken);

/// <summary>
/// The versioned-resource endpoints every module offers the same way: POST creates (201, ETag, Location);
/// GET answers with the ETag (the host
/// turns a matching If-None-Match into a 304); PUT replaces and DELETE removes, each with
/// the current ETag in If-Match (428 without, 412 when stale); PATCH is a JSON Merge Patch (RFC 7396) applied to the current
/// writable form and then replaced exactly as a PUT would, so both answer to the same rules. A module maps
/// its routes and passes its own types, command and rules; these do the HTTP part.
/// </summary>
public static class VersionedResources
{
    /// <summary>POST: answers 201 with the new resource, its ETag and its <c>Location</c>.</summary>
    public static async Task<Created<TResponse>> CreateAsync<TRequest, TResponse>(
        TRequest request, HttpContext http, CreateResource<TRequest, TResponse> create, Func<TResponse, string> location)
    {
        var created = await create(request, http.RequestServices.GetRequiredService<ISender>(), http.RequestAborted);
        ConcurrencyHeaders.SetETag(http.Response, created.ETag);
        return TypedResults.Created(location(created.Value), created.Value);
    }

    /// <summary>GET: answers 200 with the resource and its ETag.</summary>
    public static async Task<Ok<TResponse>> GetAsync<TKey, TResponse>(TKey key, HttpContext http, ReadResource<TKey, TResponse> read)
    {
        var found = await read(key, http.RequestServices.GetRequiredService<ISender>(), http.RequestAborted);
        ConcurrencyHeaders.SetETag(http.Response, found.ETag);
        return TypedResults.Ok(found.Value);
    }

    /// <summary>PUT: answers 200 with the replaced resource and its new ETag.</summary>
    public static async Task<Ok<TResponse>> ReplaceAsync<TKey, TRequest, TResponse>(
        TKey key, TRequest request, HttpContext http, ReplaceResource<TKey, TRequest, TResponse> replace)
    {
        var expected = ConcurrencyHeaders.RequireIfMatch(http.Request);
        return await ReplaceAsync(key, request, expected, http, replace);
    }

    /// <summary>
    /// PATCH: the current writable form, changed by <paramref name="prepare"/> if given (for fields that say
    /// the same thing two ways), merged with <paramref name="patch"/>, then replaced as by PUT.
    /// </summary>
    public static async Task<Ok<TResponse>> MergePatchAsync<TKey, TRequest, TResponse>(
        TKey key,
        JsonObject patch,
        HttpContext http,
        ReadWritable<TKey, TRequest> read,
        ReplaceResource<TKey, TRequest, TResponse> replace,
        Func<TRequest, JsonObject, TRequest>? prepare = null)
        where TRequest : class
    {
        // The condition is checked before anything is read: a patch without If-Match is a 428, not a 404.
        var expected = ConcurrencyHeaders.RequireIfMatch(http.Request);
        var sender = http.RequestServices.GetRequiredService<ISender>();
        var current = await read(key, sender, http.RequestAborted);
        if (prepare is not null)
        {
            current = prepare(current, patch);
        }

        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var request = MergePatchRequest.Apply(current, patch, json);
        return await ReplaceAsync(key, request, expected, http, replace);
    }

    /// <summary>DELETE: If-Match required as for a replace; answers 204.</summary>
    public static async Task<NoContent> DeleteAsync<TKey>(TKey key, HttpContext http, DeleteResource<TKey> delete)
    {
        var expected = ConcurrencyHeaders.RequireIfMatch(http.Request);
        await delete(key, expected, http.RequestServices.GetRequiredService<ISender>(), http.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>What a versioned DELETE declares: who may, 204, and every problem it can answer with.</summary>
    public static RouteHandlerBuilder WithVersionedDeleteConventions(this RouteHandlerBuilder builder, string policy) =>
        builder
            .RequireAuthorization(policy)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConcurrencyProblems()
            .ProducesCommonProblems();

    /// <summary>What a versioned PUT or PATCH declares: who may, the body, and every problem it can answer with.</summary>
    public static RouteHandlerBuilder WithVersionedWriteConventions<TResponse>(this RouteHandlerBuilder builder, string policy) =>
        builder
            .RequireAuthorization(policy)
            .Produces<TResponse>()
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConcurrencyProblems()
            .ProducesCommonProblems();

    /// <summary>A PATCH takes a JSON Merge Patch, under its own media type or as plain JSON.</summary>
    public static RouteHandlerBuilder AcceptsMergePatch(this RouteHandlerBuilder builder) =>
        builder.Accepts<JsonObject>(JsonMergePatch.MediaType, "application/json");

    private static async Task<Ok<TResponse>> ReplaceAsync<TKey, TRequest, TResponse>(
        TKey key, TRequest request, IfMatch expected, HttpContext http, ReplaceResource<TKey, TRequest, TResponse> replace)
    {
        var sender = http.RequestServices.GetRequiredService<ISender>();
        var replaced = await replace(key, request, expected, sender, http.RequestAborted);
        ConcurrencyHeaders.SetETag(http.Response, replaced.ETag);
        return TypedResults.Ok(replaced.Value);
    }
}
