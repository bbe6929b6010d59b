using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using RecoveryPlatform.Modules.Webhooks.Signing;
using RecoveryPlatform.Modules.Webhooks.Targets;

namespace RecoveryPlatform.Modules.Webhooks.Delivery;

/// <summary>What one attempt came to: success, or what went wrong in the platform's words (never the receiver's body).</summary>
internal sealed record AttemptOutcome(bool Succeeded, int? StatusCode, string? Error);

/// <summary>One attempt at one delivery: a signed POST through the guarded client, within the attempt timeout.</summary>
internal sealed class WebhookSender(IHttpClientFactory clients, WebhookTargets targets, IOptions<WebhooksOptions> options, TimeProvider clock)
{
    public const string ClientName = "webhooks";

    public async Task<AttemptOutcome> SendAsync(string url, string secret, Guid deliveryId, string payload, CancellationToken cancellationToken)
    {
        if (targets.FormRefusal(url) is { } form)
        {
            return new AttemptOutcome(false, null, $"refused: {form}");
        }

        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var id = deliveryId.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, id, timestamp, payload));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("RecoveryPlatform-Webhooks", "1"));

        try
        {
            // Only the status matters: the receiver's body is never read, stored or logged.
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300
                ? new AttemptOutcome(true, status, null)
                : new AttemptOutcome(false, status, status is >= 300 and < 400 ? $"HTTP {status} (redirects are not followed)" : $"HTTP {status}");
        }
        catch (TimeoutRejectedException)
        {
            return new AttemptOutcome(false, null, $"no answer within {options.Value.AttemptTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException exception) when (FindRefusal(exception) is { } refused)
        {
            return new AttemptOutcome(false, null, $"refused: {refused.Message}");
        }
        catch (HttpRequestException exception)
        {
            return new AttemptOutcome(false, null, $"could not connect ({exception.HttpRequestError})");
        }
    }

    private static RefusedTargetException? FindRefusal(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is RefusedTargetException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
