using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Tests.Analysis;

public class CategoryInferenceTests
{
    private static readonly WorkAnalyzer Analyzer = new(CanonKnowledgeBase.LoadDefault());

    private static Work Story(params WorkTag[] tags) => new()
    {
        Title = "Kitchen Lights",
        Chapters = [new Chapter { Paragraphs = [
            "Natasha Romanoff leaned into Steve Rogers and kissed him slowly in the kitchen light.",
            "“Stay,” Natasha whispered, and Steve held her close, his heart racing as she kissed him again.",
            "Later Steve Rogers made coffee and Natasha Romanoff smiled at him over the rim of the mug, in love and not hiding it.",
        ] }],
        Tags = tags,
    };

    [Fact]
    public void The_category_is_derived_from_the_relationships_when_the_author_gave_none()
    {
        var inferred = Analyzer.InferTags(Story());
        Assert.Contains(inferred, t => t.Category == TagCategory.Category && t.Name == "F/M" && t.Origin == TagOrigin.Inferred);
    }

    [Fact]
    public void The_authors_category_stands_alone()
    {
        var inferred = Analyzer.InferTags(Story(new WorkTag(new Tag(TagCategory.Category, "Gen"), TagOrigin.Declared)));
        Assert.DoesNotContain(inferred, t => t.Category == TagCategory.Category);
        Assert.Contains(inferred, t => t.Category == TagCategory.Relationship); // the rest of the reading is still there
    }
}
