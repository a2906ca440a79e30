using System.Text;
using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// The call graph around an incident's top candidate: its callers on the left, the services it calls on the right,
/// each coloured when it is part of the incident. A graph of the whole estate would not fit; one hop says whether the
/// anomalies sit upstream or downstream of it.
/// </summary>
internal static class CallGraphChart
{
    private const int MaxNeighbours = 7;
    private const double Width = 540, NodeWidth = 130, NodeHeight = 24, RowHeight = 32, Top = 26;

    public static void Write(StringBuilder html, IncidentEntry incident, IReadOnlyList<ServiceEdge> edges)
    {
        if (incident.Candidates.Count == 0)
        {
            return;
        }

        var root = incident.Candidates[0].Service;
        var callers = edges.Where(e => e.Callee == root && e.Caller != root).OrderByDescending(e => e.Calls).Take(MaxNeighbours)
            .Select(e => (Service: e.Caller, e.Calls)).ToList();
        var callees = edges.Where(e => e.Caller == root && e.Callee != root).OrderByDescending(e => e.Calls).Take(MaxNeighbours)
            .Select(e => (Service: e.Callee, e.Calls)).ToList();
        if (edges.Count == 0)
        {
            html.Append("<p class=\"note\">The call graph was not available to this report (it is taken from the run as it is analysed).</p>");
            return;
        }

        var rows = Math.Max(1, Math.Max(callers.Count, callees.Count));
        var height = Top + rows * RowHeight + 8;
        var involved = incident.Services.ToHashSet(StringComparer.Ordinal);
        var svg = new Svg(html);
        svg.Open(Width, height, "chart call-graph", $"Call graph around {root}");
        svg.Text(NodeWidth / 2 + 8, 14, "calls it", "tick", "middle");
        svg.Text(Width - NodeWidth / 2 - 8, 14, "it calls", "tick", "middle");
        var rootY = Top + rows * RowHeight / 2.0;
        Column(svg, callers, 8, rows, rootY, involved, toRight: true);
        Column(svg, callees, Width - NodeWidth - 8, rows, rootY, involved, toRight: false);
        Node(svg, (Width - NodeWidth) / 2, rootY - NodeHeight / 2, root, "node root", $"{root}: top candidate");
        svg.Close();
    }

    private static void Column(
        Svg svg, List<(string Service, long Calls)> services, double left, int rows, double rootY, HashSet<string> involved, bool toRight)
    {
        var offset = (rows - services.Count) * RowHeight / 2.0;
        for (var i = 0; i < services.Count; i++)
        {
            var (service, calls) = services[i];
            var y = Top + offset + i * RowHeight + (RowHeight - NodeHeight) / 2;
            var fromX = toRight ? left + NodeWidth : left;
            var toX = toRight ? (Width - NodeWidth) / 2 : (Width + NodeWidth) / 2;
            svg.Line(fromX, y + NodeHeight / 2, toX, rootY, "edge");
            Node(svg, left, y, service, involved.Contains(service) ? "node involved" : "node", $"{service}: {calls:N0} calls");
        }
    }

    private static void Node(Svg svg, double x, double y, string service, string cssClass, string title)
    {
        svg.Rect(x, y, NodeWidth, NodeHeight, cssClass, title);
        svg.Text(x + NodeWidth / 2, y + 16, service.Length > 18 ? service[..17] + "…" : service, "node-label", "middle");
    }
}
