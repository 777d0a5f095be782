using System.Diagnostics;
using System.Text;
using CsCheck;
using Ficshelf.Core.Import;
using Ficshelf.Core.Import.Text;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of every importer: real copies mutated (byte flips, cuts, splices, platform chrome in odd
/// places, stray Unicode, NULs, huge lines, repeated headings) and plain random input. Properties: the only
/// exception that escapes is the documented <see cref="ImportException"/>; no input takes more than a second per
/// megabyte (a floor covers tiny inputs and a slow case is re-measured once before failing, since machines here are
/// noisy); allocations stay within a bounded multiple of the input. Runs for FICSHELF_FUZZ_SECONDS in total
/// (default 24 s in CI; longer runs: <c>FICSHELF_FUZZ_SECONDS=600 dotnet test --filter Fuzz</c>). Inputs that ever
/// failed are kept in Fixtures/fuzz-regressions and replayed every run.
/// </summary>
public class ImporterFuzzTests
{
    private static readonly int TotalSeconds = int.TryParse(Environment.GetEnvironmentVariable("FICSHELF_FUZZ_SECONDS"), out var s) && s > 0 ? s : 24;
    private static readonly StoryParser Parser = new();

    private static readonly string[] Chrome =
    [
        "Work Text:", "Chapter Text", "[starting tags]", "Start from the beginning", "Where stories live. Discover now", "Age Rating:",
        "prompt:", "A/N:", "A/N 2:", "Summary:", "Notes:", "Chapter 1", "Chapter 2: The End", "Rated: Fiction T - English - Romance - Words: 1,000",
        "Archive Warning: No Archive Warnings Apply", "Fandom:", "Relationship: A/B", "Additional Tags:", "Stats: Published: 2020-01-01 Words: 10 Chapters: 1/?",
        "The End.", "~fin~", "To be continued", "* * *", "Title:", "Author:", "by someone", "TV Shows » Sherlock", "Request:", "Pairing: Bucky x Reader",
        "Disclaimer: I own nothing", "Status: Complete", "\u201c", "\u201d she whispered", "Romance / Drama", "Part 3 of the series",
    ];

    private static readonly byte[][] Seeds = LoadSeeds();

    private static byte[][] LoadSeeds()
    {
        var folders = new[] { TestPaths.SharedSamples, TestPaths.DemoCorpus, TestPaths.PlatformFixtures }.Where(Directory.Exists);
        return folders.SelectMany(f => Directory.GetFiles(f, "*.txt")).Order().Select(File.ReadAllBytes).ToArray();
    }

    /// <summary>Parses one input and checks the three properties; returns a description of a failure, or null.</summary>
    private static string? Check(byte[] input, string name = "fuzz.txt")
    {
        string? Once(out double seconds, out long allocated)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            try
            {
                Parser.Parse(input, name);
            }
            catch (ImportException e)
            {
                if (string.IsNullOrWhiteSpace(e.Message))
                {
                    seconds = 0;
                    allocated = 0;
                    return "an ImportException without a reason";
                }
            }
            catch (Exception e)
            {
                seconds = 0;
                allocated = 0;
                return $"{e.GetType().Name} escaped: {e.Message}\n{e.StackTrace}";
            }
            seconds = watch.Elapsed.TotalSeconds;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            return null;
        }

        // The budget is a second per megabyte of one core's time: on a loaded machine (load average above the core
        // count) a core is shared, so the wall-clock budget stretches by that factor. Only superlinear work fails.
        var error = Once(out var seconds, out var allocated);
        if (error is not null) return error;
        var budget = Math.Max(0.05, input.Length / 1_048_576.0) * CoreShare();
        if (seconds > budget && Once(out seconds, out _) is null && seconds > budget)
            return $"took {seconds:0.00} s for {input.Length:N0} bytes (budget {budget:0.00} s)";
        var allowed = 400L * input.Length + 64L * 1024 * 1024;
        return allocated > allowed ? $"allocated {allocated:N0} bytes for {input.Length:N0} bytes of input" : null;
    }

    private static double CoreShare()
    {
        try
        {
            var load = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            return Math.Max(1, load / Environment.ProcessorCount);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 1;
        }
    }

    private static void Assert(byte[] input)
    {
        if (Check(input) is { } failure)
        {
            var path = Path.Combine(TestPaths.NewTempDir(), "failing-input.bin");
            File.WriteAllBytes(path, input);
            Xunit.Assert.Fail($"{failure} (input saved to {path}; keep it in Fixtures/fuzz-regressions)");
        }
    }

    private static readonly Gen<byte[]> Mutated =
        from seed in Gen.Int[0, Math.Max(0, Seeds.Length - 1)]
        from mutations in Gen.Int[1, 6].SelectMany(n => Mutation.Array[n])
        select mutations.Aggregate(Seeds.Length == 0 ? [] : Seeds[seed], (bytes, mutate) => mutate(bytes));

    private static Gen<Func<byte[], byte[]>> Mutation => Gen.OneOf(
        from at in Gen.Double[0, 1] from value in Gen.Byte select (Func<byte[], byte[]>)(b => Flip(b, at, value)),
        from at in Gen.Double[0, 1] select (Func<byte[], byte[]>)(b => b[..(int)(b.Length * at)]),
        from at in Gen.Double[0, 1] from line in Gen.Int[0, Chrome.Length - 1] select (Func<byte[], byte[]>)(b => Insert(b, at, "\n" + Chrome[line] + "\n")),
        from at in Gen.Double[0, 1] from text in Gen.String[Gen.Char, 0, 40] select (Func<byte[], byte[]>)(b => Insert(b, at, text)),
        from at in Gen.Double[0, 1] from other in Gen.Int[0, Math.Max(0, Seeds.Length - 1)] from start in Gen.Double[0, 1]
            select (Func<byte[], byte[]>)(b => Seeds.Length == 0 ? b : Splice(b, at, Seeds[other], start)),
        from at in Gen.Double[0, 1] select (Func<byte[], byte[]>)(b => Insert(b, at, "\0\0\0")),
        from at in Gen.Double[0, 1] from size in Gen.Int[1000, 200_000] select (Func<byte[], byte[]>)(b => Insert(b, at, new string('x', size))),
        from at in Gen.Double[0, 1] from times in Gen.Int[10, 3000] select (Func<byte[], byte[]>)(b => Insert(b, at, string.Concat(Enumerable.Repeat("\nChapter 7\nA/N:\n", times)))),
        from at in Gen.Double[0, 1] from times in Gen.Int[100, 20_000] select (Func<byte[], byte[]>)(b => Insert(b, at, string.Concat(Enumerable.Repeat("“ ", times)))));

    private static byte[] Flip(byte[] b, double at, byte value)
    {
        if (b.Length == 0) return [value];
        var copy = (byte[])b.Clone();
        copy[Math.Min(b.Length - 1, (int)(b.Length * at))] = value;
        return copy;
    }

    private static byte[] Insert(byte[] b, double at, string text)
    {
        var i = Math.Min(b.Length, (int)(b.Length * at));
        return [.. b[..i], .. Encoding.UTF8.GetBytes(text), .. b[i..]];
    }

    private static byte[] Splice(byte[] b, double at, byte[] other, double from)
    {
        var i = Math.Min(b.Length, (int)(b.Length * at));
        var j = Math.Min(other.Length, (int)(other.Length * from));
        return [.. b[..i], .. other[j..]];
    }

    [Fact]
    public void Mutated_real_copies_never_crash_stall_or_balloon()
    {
        Xunit.Assert.NotEmpty(Seeds);
        Mutated.Sample(Assert, iter: -1, time: TotalSeconds / 2, threads: 1, print: b => $"{b.Length} bytes");
    }

    [Fact]
    public void Random_bytes_and_random_text_never_crash()
    {
        var randomText = Gen.OneOf(
            Gen.Byte.Array[0, 4096],
            Gen.String[Gen.Char, 0, 2000].Select(Encoding.UTF8.GetBytes),
            Gen.String[Gen.Char, 0, 2000].Select(s => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(s)).ToArray()),
            Gen.String[Gen.Char.AlphaNumeric, 0, 2000].Select(Encoding.Latin1.GetBytes),
            Gen.Int[0, Chrome.Length - 1].Array[0, 60].Select(lines => Encoding.UTF8.GetBytes(string.Join("\n", lines.Select(i => Chrome[i])))));
        randomText.Sample(Assert, iter: -1, time: TotalSeconds / 4, threads: 1, print: b => $"{b.Length} bytes");
    }

    [Fact]
    public void Each_platform_importer_alone_survives_any_copy()
    {
        // Forced platforms run an importer on text that is not its platform's: the other half of the attack surface.
        var texts = Mutated.Select(b => StoryText.From(Encoding.UTF8.GetString(b)));
        texts.Sample(text =>
        {
            foreach (var importer in StoryParser.DefaultImporters)
            {
                try
                {
                    importer.Detect(text);
                    importer.Parse(text);
                }
                catch (ImportException)
                {
                }
            }
        }, iter: -1, time: TotalSeconds / 4, threads: 1, print: t => $"{t.Lines.Count} lines");
    }

    [Fact]
    public void Inputs_that_once_failed_stay_fixed()
    {
        var folder = Path.Combine(TestPaths.RepoRoot, "tests", "Ficshelf.Core.Tests", "Fixtures", "fuzz-regressions");
        var inputs = Directory.GetFiles(folder).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order().ToList();
        Xunit.Assert.NotEmpty(inputs);
        foreach (var file in inputs)
            if (Check(File.ReadAllBytes(file), Path.GetFileName(file)) is { } failure) Xunit.Assert.Fail($"{Path.GetFileName(file)}: {failure}");
    }
}
