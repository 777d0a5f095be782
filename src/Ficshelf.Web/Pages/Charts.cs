namespace Ficshelf.Web.Pages;

/// <summary>One bar of a chart: what it counts, how much, and where a click on it goes (a search, usually).</summary>
public sealed record ChartBar(string Label, long Value, string? Url = null, string? Note = null);

/// <summary>A horizontal bar chart drawn on the server as SVG (no script, nothing remote), each label above its bar so it reads on a phone.</summary>
public sealed record BarChart(string Id, string Title, string Unit, IReadOnlyList<ChartBar> Bars)
{
    public const int Width = 600;
    public const int RowHeight = 44;
    public const int BarHeight = 16;

    public int Height => Math.Max(1, Bars.Count) * RowHeight;
    public long Max => Bars.Count == 0 ? 1 : Math.Max(1, Bars.Max(b => b.Value));

    /// <summary>The bar's length; a non-zero value always shows at least a sliver.</summary>
    public double Length(ChartBar bar) => bar.Value <= 0 ? 0 : Math.Max(2, (Width - 190) * (double)bar.Value / Max);
}
