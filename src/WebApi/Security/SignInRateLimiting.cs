using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using GoogleLogin.WebApi.ErrorHandling;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace GoogleLogin.WebApi.Security;

/// <summary>
/// Per-client-address limits on the anonymous endpoints an attacker can hammer: sign-in (each
/// attempt costs a signature check and a database write) and nonce issuing (each one is a row).
/// A token bucket allows a short burst, then a steady rate.
/// </summary>
internal static partial class SignInRateLimiting
{
    public const string SignInPolicy = "sign-in";
    public const string NoncePolicy = "nonce";
    public const string CallbackPolicy = "callback";

    public static IServiceCollection AddSignInRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>()
            .BindConfiguration(RateLimitingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddRateLimiter(options =>
        {
            options.AddPolicy(SignInPolicy, context => TokenBucketPerClient(context, o => o.SignIn));
            options.AddPolicy(NoncePolicy, context => TokenBucketPerClient(context, o => o.Nonce));
            options.AddPolicy(CallbackPolicy, context => TokenBucketPerClient(context, o => o.Callback));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> TokenBucketPerClient(HttpContext context, Func<RateLimitingOptions, ClientRateLimit> select)
    {
        var limit = select(context.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value);
        return RateLimitPartition.GetTokenBucketLimiter(ClientKey(context.Connection.RemoteIpAddress), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / limit.PerMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// The address a client is limited by. An IPv6 client usually holds a whole /64, so the /64 is
    /// the client; otherwise each new address would be a fresh allowance.
    /// </summary>
    private static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfterSeconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInRateLimiting));
        LogRejected(logger, context.Request.Path, ClientKey(context.Connection.RemoteIpAddress), retryAfterSeconds);

        // A page load (the redirect sign-in) goes back to the app with the reason, not to a JSON body.
        if (context.GetEndpoint()?.Metadata.GetMetadata<BrowserNavigation>() is not null)
        {
            context.Response.Redirect($"/?signInError={ErrorCode.RateLimited.Name()}");
            return;
        }

        await context.WriteProblemAsync(ErrorCode.RateLimited, $"Too many requests from this address. Try again in {retryAfterSeconds} seconds.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit reached on {Path} by {ClientKey}; retry after {RetryAfterSeconds} s")]
    private static partial void LogRejected(ILogger logger, PathString path, string clientKey, int retryAfterSeconds);
}


/// <summary>Configuration section <c>RateLimiting</c>.</summary>
internal sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary><c>POST /api/auth/{provider}</c>. A person signs in a few times a day; a script tries hundreds of times a minute.</summary>
    [Required]
    public ClientRateLimit SignIn { get; set; } = new() { Burst = 30, PerMinute = 30 };

    /// <summary><c>POST /api/auth/nonce</c>. Every sign-in page load takes one, so more than sign-in allows.</summary>
    [Required]
    public ClientRateLimit Nonce { get; set; } = new() { Burst = 120, PerMinute = 120 };

    /// <summary>
    /// <c>GET /api/auth/{provider}/callback</c>: a bucket of its own, so that what reaches it (a provider's return, or
    /// another site's page) never uses up the allowance of <c>POST /api/auth/{provider}</c>.
    /// </summary>
    [Required]
    public ClientRateLimit Callback { get; set; } = new() { Burst = 30, PerMinute = 30 };
}

/// <summary>A client may make <see cref="Burst"/> requests at once, then <see cref="PerMinute"/> a minute.</summary>
internal sealed class ClientRateLimit
{
    [Range(1, 1_000_000)]
    public int Burst { get; set; }

    [Range(1, 60_000)]
    public int PerMinute { get; set; }
}
