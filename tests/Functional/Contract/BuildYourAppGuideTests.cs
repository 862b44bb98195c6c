using System.Text.RegularExpressions;

namespace GoogleLogin.Tests.Functional;

/// <summary>
/// docs/build-your-app.md shows its example's files verbatim: each block after an
/// <c>&lt;!-- example: path --&gt;</c> line is the file docs/build-your-app/example/path, which
/// scripts/test-guide.sh adds to a copy of the repository, builds and tests. A <c>.add</c> file holds lines
/// to add to the file it names, after the one line that points to the guide.
/// </summary>
public sealed partial class BuildYourAppGuideTests
{
    private static readonly string ExampleRoot = Path.Combine(ApiContract.RepositoryRoot, "docs", "build-your-app", "example");

    [Fact]
    public void The_guide_shows_every_file_of_its_example_as_it_is()
    {
        var shown = ShownFiles(File.ReadAllLines(Path.Combine(ApiContract.RepositoryRoot, "docs", "build-your-app.md")));

        var files = Directory.EnumerateFiles(ExampleRoot, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(ExampleRoot, file).Replace('\\', '/'))
            .ToList();
        shown.Select(block => block.Path).Should().BeEquivalentTo(files, "the guide shows each file of docs/build-your-app/example once");
        foreach (var (path, text) in shown)
        {
            text.Should().Be(File.ReadAllText(Path.Combine(ExampleRoot, path)).ReplaceLineEndings("\n"), $"the guide shows {path} as it is");
        }
    }

    [Fact]
    public void Each_file_the_example_adds_lines_to_has_one_line_that_points_to_the_guide()
    {
        foreach (var addition in Directory.EnumerateFiles(ExampleRoot, "*.add", SearchOption.AllDirectories))
        {
            var target = Path.Combine(ApiContract.RepositoryRoot, Path.GetRelativePath(ExampleRoot, addition)[..^".add".Length]);
            File.ReadAllLines(target).Count(line => line.Contains("docs/build-your-app.md", StringComparison.Ordinal))
                .Should().Be(1, $"scripts/test-guide.sh adds {Path.GetFileName(addition)} after that line");
        }
    }

    /// <summary>Each example block: the path its marker names, and its text with a final newline.</summary>
    private static List<(string Path, string Text)> ShownFiles(string[] guide)
    {
        var shown = new List<(string, string)>();
        for (var i = 0; i < guide.Length; i++)
        {
            if (Marker().Match(guide[i]) is not { Success: true } marker)
            {
                continue;
            }

            guide[i + 1].Should().StartWith("```", $"a code block follows {guide[i]}");
            var end = Array.FindIndex(guide, i + 2, line => line == "```");
            shown.Add((marker.Groups[1].Value, string.Concat(guide[(i + 2)..end].Select(line => line + "\n"))));
            i = end;
        }

        return shown;
    }

    [GeneratedRegex(@"^<!-- example: (\S+) -->$")]
    private static partial Regex Marker();
}
