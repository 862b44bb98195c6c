using System.ComponentModel.DataAnnotations;

namespace GoogleLogin.WebApi.Configuration;

/// <summary>
/// Configuration section <c>Instance</c>: a name for this process when several serve one address
/// behind a load balancer. Every answer then says which one produced it (<c>X-Instance</c>), and the
/// start-up banner names it.
/// </summary>
internal sealed class InstanceOptions
{
    public const string SectionName = "Instance";

    /// <summary>Unset: no header. Otherwise a short token, since it goes into a response header and log lines as it is.</summary>
    [RegularExpression(
        "^[A-Za-z0-9._-]{1,64}$",
        ErrorMessage = $"{SectionName}:Name must be 1 to 64 letters, digits, '-', '_' or '.' (for example 'a' or 'web-2'), or unset.")]
    public string? Name { get; set; }
}
