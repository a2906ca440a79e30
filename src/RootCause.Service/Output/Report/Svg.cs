using System.Globalization;
using System.Text;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// Writes inline SVG into a report: shapes with classes (the style sheet colours them), coordinates rounded to a
/// tenth of a pixel (more digits only add bytes). No namespace URL is written: inline SVG in HTML needs none, and the
/// report holds no URL at all.
/// </summary>
internal sealed class Svg(StringBuilder html)
{
    public void Open(double width, double height, string cssClass, string label) =>
        html.Append("<svg class=\"").Append(cssClass).Append("\" viewBox=\"0 0 ").Append(N(width)).Append(' ').Append(N(height))
            .Append("\" width=\"").Append(N(width)).Append("\" height=\"").Append(N(height))
            .Append("\" role=\"img\" aria-label=\"").Append(Html.Text(label)).Append("\">");

    public void Close() => html.Append("</svg>");

    public void Rect(double x, double y, double width, double height, string cssClass, string? title = null)
    {
        html.Append("<rect class=\"").Append(cssClass).Append("\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(y))
            .Append("\" width=\"").Append(N(Math.Max(0, width))).Append("\" height=\"").Append(N(Math.Max(0, height))).Append('"');
        Close(title, "rect");
    }

    public void Line(double x1, double y1, double x2, double y2, string cssClass) =>
        html.Append("<line class=\"").Append(cssClass).Append("\" x1=\"").Append(N(x1)).Append("\" y1=\"").Append(N(y1))
            .Append("\" x2=\"").Append(N(x2)).Append("\" y2=\"").Append(N(y2)).Append("\"/>");

    public void Circle(double x, double y, double radius, string cssClass, string? title = null)
    {
        html.Append("<circle class=\"").Append(cssClass).Append("\" cx=\"").Append(N(x)).Append("\" cy=\"").Append(N(y))
            .Append("\" r=\"").Append(N(radius)).Append('"');
        Close(title, "circle");
    }

    /// <summary>Text (escaped); <paramref name="anchor"/> is <c>start</c>, <c>middle</c> or <c>end</c>; <paramref name="title"/> shows on hover.</summary>
    public void Text(double x, double y, string text, string cssClass, string anchor = "start", string? title = null)
    {
        html.Append("<text class=\"").Append(cssClass).Append("\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(y))
            .Append("\" text-anchor=\"").Append(anchor).Append("\">");
        if (title is not null)
        {
            html.Append("<title>").Append(Html.Text(title)).Append("</title>");
        }

        html.Append(Html.Text(text)).Append("</text>");
    }

    /// <summary>A path through <paramref name="points"/>; <paramref name="closed"/> fills it as an area.</summary>
    public void Path(IReadOnlyList<(double X, double Y)> points, string cssClass, bool closed = false)
    {
        if (points.Count == 0)
        {
            return;
        }

        html.Append("<path class=\"").Append(cssClass).Append("\" d=\"");
        for (var i = 0; i < points.Count; i++)
        {
            html.Append(i == 0 ? 'M' : 'L').Append(N(points[i].X)).Append(',').Append(N(points[i].Y));
        }

        html.Append(closed ? "Z\"/>" : "\"/>");
    }

    private void Close(string? title, string element)
    {
        if (title is null)
        {
            html.Append("/>");
            return;
        }

        html.Append("><title>").Append(Html.Text(title)).Append("</title></").Append(element).Append('>');
    }

    private static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>A linear map from data values to pixels.</summary>
internal readonly record struct Scale(double DomainFrom, double DomainTo, double RangeFrom, double RangeTo)
{
    public double Map(double value) =>
        DomainTo == DomainFrom ? (RangeFrom + RangeTo) / 2 : RangeFrom + (value - DomainFrom) * (RangeTo - RangeFrom) / (DomainTo - DomainFrom);

    public static Scale OfTime(DateTime from, DateTime to, double left, double right) => new(from.Ticks, to.Ticks, left, right);

    public double Map(DateTime value) => Map(value.Ticks);
}
