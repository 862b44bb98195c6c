namespace GoogleLogin.Tests.Functional;

internal static class LogExtensions
{
    /// <summary>
    /// Asserts that, after the first <paramref name="linesBefore"/> lines, the app logged a token
    /// rejection for <paramref name="reason"/>: the client's answer is generic, the log names the check that refused it.
    /// </summary>
    public static void ShouldHaveRejectedTokenFor(this CapturedLogs logs, int linesBefore, string reason) =>
        logs.TokenRejectionsAfter(linesBefore).Should().Contain(reason, $"the token should have been refused for {reason}");
}
