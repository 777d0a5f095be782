using System.Text.Json;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Analysis;

/// <summary>The bundled canon files are data a user will copy and extend: each must load and hang together.</summary>
public sealed class CanonDataTests
{
    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "data", "canon"), "*.json").Order().Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(Files))]
    public void A_canon_file_is_consistent(string name)
    {
        var path = Path.Combine(TestPaths.RepoRoot, "data", "canon", name);
        var file = JsonSerializer.Deserialize<CanonFile>(File.ReadAllText(path))!;
        Assert.False(string.IsNullOrWhiteSpace(file.Fandom));
        Assert.NotEmpty(file.Characters);
        var names = file.Characters.Select(c => c.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var character in file.Characters)
        {
            Assert.True(character.Gender is "female" or "male" or "nonbinary" or "unknown", $"{character.Name}: gender {character.Gender}");
            Assert.Empty(character.Aliases.Intersect(character.ContextualAliases));
            Assert.All(character.Aliases.Concat(character.ContextualAliases), a => Assert.True(a.Trim().Length >= 2, $"{character.Name}: alias «{a}»"));
        }
        foreach (var ship in file.Relationships)
        {
            Assert.Equal(2, ship.Characters.Count);
            Assert.All(ship.Characters, c => Assert.Contains(c, names));
            Assert.True(ship.Type is "romantic" or "platonic", $"{ship.Name}: type {ship.Type}");
            Assert.Contains(ship.Type == "romantic" ? "/" : " & ", ship.Name);
        }
    }

    [Fact]
    public void A_user_file_extends_an_existing_fandom_instead_of_replacing_it()
    {
        var kb = CanonKnowledgeBase.LoadDefault();
        var before = kb.FindFandom("Marvel Cinematic Universe")!.Characters.Count;
        kb.Add(new CanonFile
        {
            Fandom = "Marvel Cinematic Universe",
            Characters = [new() { Name = "Natasha Romanov (Marvel)", Aliases = ["Starling"] }, new() { Name = "Original Agent", Aliases = ["Agent Quill-Feather"], Gender = "female" }],
        });
        var mcu = kb.FindFandom("Marvel Cinematic Universe")!;
        Assert.Equal(before + 1, mcu.Characters.Count);
        Assert.Contains("Starling", kb.FindCharacter("Natasha Romanov (Marvel)")!.Aliases);
        Assert.Contains("Black Widow", kb.FindCharacter("Natasha Romanov (Marvel)")!.Aliases);
    }
}
