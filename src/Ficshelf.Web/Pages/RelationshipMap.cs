using System.Globalization;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using GraphShape;
using GraphShape.Algorithms.Layout;
using QuikGraph;

namespace Ficshelf.Web.Pages;

/// <summary>How a relationship tag pairs its characters: AO3's "A/B" romantic, "A &amp; B" platonic, "A x B" unsaid.</summary>
public enum RelationshipKind { Romantic, Platonic, Unspecified }

/// <summary>A character on the map: where it sits, how many works its relationships on the map have, and its search.</summary>
public sealed record MapNode(string Name, int Works, int Relationships, double X, double Y, string Url);

/// <summary>One relationship tag: its characters (two or more), its works in the result, its kind and its search.</summary>
public sealed record MapEdge(Tag Tag, IReadOnlyList<string> Members, int Works, RelationshipKind Kind, string Url);

/// <summary>
/// The relationship map of a set of works: characters as nodes, relationship tags as edges weighted by works. The
/// counts are the search's own facets (the whole result, synonyms folded); the layout is GraphShape's
/// Kamada–Kawai spring layout, seeded so one archive always draws the same picture; the page draws it as SVG.
/// </summary>
public sealed class RelationshipMap
{
    public const int Width = 960;
    public const int Height = 640;
    private const int Margin = 70;

    public IReadOnlyList<MapNode> Nodes { get; }
    public IReadOnlyList<MapEdge> Edges { get; }
    public int MaxEdgeWorks { get; }
    public int MaxNodeWorks { get; }
    private readonly Dictionary<string, MapNode> byName;

    private RelationshipMap(List<MapNode> nodes, List<MapEdge> edges)
    {
        Nodes = nodes;
        Edges = edges;
        byName = nodes.ToDictionary(n => n.Name, StringComparer.OrdinalIgnoreCase);
        MaxEdgeWorks = edges.Count == 0 ? 1 : Math.Max(1, edges.Max(e => e.Works));
        MaxNodeWorks = nodes.Count == 0 ? 1 : Math.Max(1, nodes.Max(n => n.Works));
    }

    public MapNode Node(string name) => byName[name];

    public static RelationshipKind KindOf(bool? romantic) => romantic switch
    {
        true => RelationshipKind.Romantic,
        false => RelationshipKind.Platonic,
        null => RelationshipKind.Unspecified,
    };

    /// <summary>The map of the relationship facets of a search (each a tag with its works); tags naming fewer than two characters are left out.</summary>
    public static RelationshipMap Build(IEnumerable<FacetCount> relationships, Func<Tag, string> searchUrl)
    {
        var edges = new List<MapEdge>();
        foreach (var facet in relationships)
        {
            if (RelationshipTagSyntax.SplitMembers(facet.Tag.Name) is not var (members, romantic)) continue;
            var distinct = members.Where(m => m.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (distinct.Count < 2) continue;
            edges.Add(new MapEdge(facet.Tag, distinct, facet.Works, KindOf(romantic), searchUrl(facet.Tag)));
        }

        // One node per character (the first spelling seen names it).
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in edges.SelectMany(e => e.Members)) names.TryAdd(member, member);
        var works = names.Keys.ToDictionary(n => n, n => edges.Where(e => e.Members.Contains(n, StringComparer.OrdinalIgnoreCase)).Sum(e => e.Works), StringComparer.OrdinalIgnoreCase);
        var count = names.Keys.ToDictionary(n => n, n => edges.Count(e => e.Members.Contains(n, StringComparer.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase);

        var positions = Layout(names.Values.ToList(), edges);
        var nodes = names.Values
            .Select(n => new MapNode(n, works[n], count[n], positions[n].X, positions[n].Y, searchUrl(new Tag(TagCategory.Character, n))))
            .OrderByDescending(n => n.Works).ThenBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToList();
        return new RelationshipMap(nodes, edges);
    }

    /// <summary>Kamada–Kawai over the characters (each relationship joins its members pairwise), scaled into the drawing with a margin for the labels.</summary>
    private static Dictionary<string, Point> Layout(List<string> names, List<MapEdge> edges)
    {
        var result = new Dictionary<string, Point>(StringComparer.OrdinalIgnoreCase);
        if (names.Count == 0) return result;
        var graph = BuildGraph(names, edges);
        // Seeded start positions on a circle (in the names' order): the same archive draws the same map.
        var start = new Dictionary<string, Point>();
        for (var i = 0; i < names.Count; i++)
        {
            var angle = 2 * Math.PI * i / names.Count;
            start[names[i]] = new Point(Width / 2.0 + Math.Cos(angle) * Width / 3.0, Height / 2.0 + Math.Sin(angle) * Height / 3.0);
        }
        var parameters = new KKLayoutParameters { Width = Width, Height = Height, MaxIterations = 200, ExchangeVertices = false, DisconnectedMultiplier = 0.6 };
        var layout = new KKLayoutAlgorithm<string, Edge<string>, BidirectionalGraph<string, Edge<string>>>(graph, start, parameters);
        layout.Compute();

        var points = layout.VerticesPositions;
        double minX = points.Values.Min(p => p.X), maxX = points.Values.Max(p => p.X);
        double minY = points.Values.Min(p => p.Y), maxY = points.Values.Max(p => p.Y);
        double Scale(double value, double min, double max, int size) =>
            max - min < 1e-6 ? size / 2.0 : Margin + (value - min) / (max - min) * (size - 2 * Margin);
        foreach (var (name, point) in points)
        {
            var x = Scale(point.X, minX, maxX, Width);
            var y = Scale(point.Y, minY, maxY, Height);
            result[name] = new Point(double.IsFinite(x) ? x : Width / 2.0, double.IsFinite(y) ? y : Height / 2.0);
        }
        return result;
    }

    private static BidirectionalGraph<string, Edge<string>> BuildGraph(List<string> names, List<MapEdge> edges)
    {
        var graph = new BidirectionalGraph<string, Edge<string>>(allowParallelEdges: false);
        var canonical = names.ToDictionary(n => n, n => n, StringComparer.OrdinalIgnoreCase);
        graph.AddVertexRange(names);
        var seen = new HashSet<(string, string)>();
        foreach (var edge in edges)
            for (var i = 0; i < edge.Members.Count; i++)
                for (var j = i + 1; j < edge.Members.Count; j++)
                {
                    var (a, b) = (canonical[edge.Members[i]], canonical[edge.Members[j]]);
                    if (string.CompareOrdinal(a, b) > 0) (a, b) = (b, a);
                    if (seen.Add((a, b))) graph.AddEdge(new Edge<string>(a, b));
                }
        return graph;
    }

    /// <summary>Stroke width for an edge: 1.5 to 9 by its share of the largest.</summary>
    public double StrokeWidth(MapEdge edge) => 1.5 + 7.5 * Math.Sqrt(edge.Works / (double)MaxEdgeWorks);

    /// <summary>Node radius: 6 to 18 by its share of the busiest character.</summary>
    public double Radius(MapNode node) => 6 + 12 * Math.Sqrt(node.Works / (double)MaxNodeWorks);

    /// <summary>
    /// The SVG path of one pair of an edge. Two relationships between the same pair (romantic and platonic, say)
    /// bow apart so both show; <paramref name="lane"/> is this one's place among them.
    /// </summary>
    public string PathData(string from, string to, int lane, int lanes)
    {
        var (a, b) = (Node(from), Node(to));
        if (lanes <= 1) return FormattableString.Invariant($"M{a.X:0.#},{a.Y:0.#} L{b.X:0.#},{b.Y:0.#}");
        var (mx, my) = ((a.X + b.X) / 2, (a.Y + b.Y) / 2);
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var length = Math.Max(1, Math.Sqrt(dx * dx + dy * dy));
        // Lanes spread symmetrically around the straight line, 26 px apart at the middle.
        var offset = (lane - (lanes - 1) / 2.0) * 26;
        if (string.CompareOrdinal(from, to) > 0) offset = -offset;
        var (cx, cy) = (mx - dy / length * offset, my + dx / length * offset);
        return FormattableString.Invariant($"M{a.X:0.#},{a.Y:0.#} Q{cx:0.#},{cy:0.#} {b.X:0.#},{b.Y:0.#}");
    }

    /// <summary>Every pair an edge draws, with its lane among the relationships joining the same two characters.</summary>
    public IEnumerable<(MapEdge Edge, string From, string To, int Lane, int Lanes)> Segments()
    {
        var pairs = Edges.SelectMany(e => Pairs(e).Select(p => (Edge: e, p.From, p.To)))
            .GroupBy(s => Key(s.From, s.To), StringComparer.OrdinalIgnoreCase);
        foreach (var group in pairs)
        {
            var list = group.ToList();
            for (var i = 0; i < list.Count; i++) yield return (list[i].Edge, list[i].From, list[i].To, i, list.Count);
        }
    }

    private static string Key(string a, string b) =>
        string.Compare(a, b, StringComparison.OrdinalIgnoreCase) <= 0 ? $"{a}\u0001{b}".ToUpperInvariant() : $"{b}\u0001{a}".ToUpperInvariant();

    private IEnumerable<(string From, string To)> Pairs(MapEdge edge)
    {
        for (var i = 0; i < edge.Members.Count; i++)
            for (var j = i + 1; j < edge.Members.Count; j++)
                yield return (Node(edge.Members[i]).Name, Node(edge.Members[j]).Name);
    }

    /// <summary>
    /// Where a node's label goes: centred under it, or held inside the drawing near an edge (the width of the text
    /// is estimated from its length; 15 px sans-serif averages under 8.6 px a character).
    /// </summary>
    public static (double X, string Anchor) LabelPosition(MapNode node)
    {
        var half = node.Name.Length * 4.3;
        if (node.X - half < 4) return (4, "start");
        if (node.X + half > Width - 4) return (Width - 4, "end");
        return (node.X, "middle");
    }

    public static string Describe(RelationshipKind kind) => kind switch
    {
        RelationshipKind.Romantic => "romantic (/)",
        RelationshipKind.Platonic => "platonic (&)",
        _ => "unspecified (x)",
    };

    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
