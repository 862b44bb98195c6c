using System.Text.RegularExpressions;

namespace GoogleLogin.Tests.Functional;

/// <summary>SECURITY.md's "proved by" column names tests that exist, so a renamed test cannot leave a claim unproved.</summary>
public sealed partial class SecurityDocumentTests
{
    [Fact]
    public void Every_test_security_md_names_exists()
    {
        var security = File.ReadAllText(Path.Combine(ApiContract.RepositoryRoot, "SECURITY.md"));
        var sources = string.Concat(
            new[] { "tests", Path.Combine("frontend", "src"), Path.Combine("frontend", "e2e") }
                .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(ApiContract.RepositoryRoot, folder), "*.*", SearchOption.AllDirectories))
                .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".ts", StringComparison.Ordinal) || file.EndsWith(".tsx", StringComparison.Ordinal))
                .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                               !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Select(File.ReadAllText));

        var named = TestName().Matches(security).Select(m => m.Groups[1].Value).Distinct().ToList();

        named.Should().HaveCountGreaterThan(50, "the table names its tests in backticks");
        named.Where(name => !sources.Contains(name, StringComparison.Ordinal)).Should().BeEmpty();
    }

    // Test methods (Words_joined_by_underscores) and test classes (SomethingTests).
    [GeneratedRegex(@"`([A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|[A-Z][A-Za-z]+Tests)`")]
    private static partial Regex TestName();
}
