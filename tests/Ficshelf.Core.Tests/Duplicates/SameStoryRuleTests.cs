using Ficshelf.Core.Analysis.Duplicates;

namespace Ficshelf.Core.Tests.Duplicates;

public sealed class SameStoryRuleTests
{
    private static readonly string[] Vocabulary = ("she he said looked door light night hand away quiet never again turned smile voice room " +
        "back through ship rain storm coffee letter window kitchen train morning laughed whispered table chair road").Split(' ');

    private static List<string> Words(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]).ToList();
    }

    /// <summary>Replaces every <paramref name="every"/>-th word, spread evenly through the text.</summary>
    private static List<string> EditEvery(List<string> words, int every) =>
        words.Select((w, i) => i % every == every / 2 ? $"changed{i}" : w).ToList();

    private static SimilarityScore Score(IEnumerable<string> a, IEnumerable<string> b) =>
        NearDuplicates.Compare(Shingler.Shingle([string.Join(' ', a)]), Shingler.Shingle([string.Join(' ', b)]));

    [Fact]
    public void A_copy_with_a_handful_of_edits_is_the_same_story()
    {
        var story = Words(1, 3000);
        var score = Score(story, EditEvery(story, 400));
        Assert.True(score.IsSameStory, score.ToString());
        Assert.False(score.IsContainment);
    }

    [Fact]
    public void Equally_long_texts_differing_in_one_word_of_fifty_five_are_not_the_same_story_though_90_percent_is_shared()
    {
        var story = Words(2, 3000);
        var score = Score(story, EditEvery(story, 55));
        Assert.InRange(score.Containment, NearDuplicates.ContainmentThreshold, 0.95);
        Assert.False(score.IsContainment, score.ToString());
        Assert.False(score.IsSameStory, score.ToString());
    }

    [Fact]
    public void A_shorter_copy_with_remnants_of_the_other_platform_is_contained_when_the_longer_adds_more_story()
    {
        var story = Words(6, 3000);
        // Two thirds of the story with a stray line of page chrome every 300 words.
        var shorter = story.Take(2000).SelectMany((w, i) => i % 300 == 299 ? new[] { w, "chapter", "text", "kudos" } : [w]).ToList();
        var score = Score(story, shorter);
        Assert.True(score.Jaccard < NearDuplicates.JaccardThreshold);
        Assert.True(score.IsContainment && score.IsSameStory, score.ToString());
    }

    [Fact]
    public void The_first_two_thirds_with_a_few_edits_are_the_same_story_and_the_first_third_is_not()
    {
        var story = Words(3, 3000);
        var twoThirds = Score(story, EditEvery(story.Take(2000).ToList(), 500));
        Assert.True(twoThirds.IsSameStory && twoThirds.IsContainment, twoThirds.ToString());
        var oneThird = Score(story, story.Take(1000));
        Assert.True(oneThird.Containment > 0.99 && !oneThird.IsSameStory, oneThird.ToString());
    }

    [Fact]
    public void Unrelated_texts_over_the_same_vocabulary_share_almost_nothing()
    {
        var score = Score(Words(4, 3000), Words(5, 3000));
        Assert.True(score.Jaccard < 0.01, score.ToString());
        Assert.False(score.IsSameStory);
    }
}
