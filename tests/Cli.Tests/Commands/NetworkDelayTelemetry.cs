using System.Globalization;
using System.Text;

namespace AnomalyPlatform.Cli.Tests.Commands;

/// <summary>
/// A shop's traces as a user's MELT CSV: every two seconds a request enters the gateway, which calls checkout and cart
/// through client spans; checkout calls cart and payment. From <see cref="DelayStart"/> for <see cref="DelayMinutes"/>
/// minutes every call into cart spends 80 ms more on the network: cart's own spans take as long as ever, its callers'
/// spans, which wait for it, grow by the delay.
/// </summary>
internal static class NetworkDelayTelemetry
{
    public static readonly DateTime Start = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime DelayStart = Start.AddMinutes(60);

    public const int DelayMinutes = 4;

    private const int Minutes = 90;

    public static string Csv()
    {
        var random = new Random(7);
        var csv = new StringBuilder("record_id,timestamp,kind,service,instance,name,value,level,status,trace_id,span_id,parent_span_id,message\n");
        long id = 0;
        var span = 0;
        for (var t = Start; t < Start.AddMinutes(Minutes); t = t.AddSeconds(2))
        {
            var delayed = t >= DelayStart && t < DelayStart.AddMinutes(DelayMinutes);
            var trace = (id + 1).ToString("x32", CultureInfo.InvariantCulture);
            double Jitter(double ms) => ms * (0.8 + 0.4 * random.NextDouble());
            double Transit(string callee) => Jitter(1) + (delayed && callee == "cart" ? 80 : 0);

            // Innermost first: a caller's span lasts as long as what it waits for.
            var cartFromCheckout = Jitter(5);
            var payment = Jitter(8);
            var checkoutToCart = cartFromCheckout + Transit("cart");
            var checkoutToPayment = payment + Transit("payment");
            var checkout = Jitter(3) + checkoutToCart + checkoutToPayment;
            var gatewayToCheckout = checkout + Transit("checkout");
            var cartFromGateway = Jitter(5);
            var gatewayToCart = cartFromGateway + Transit("cart");
            var gateway = Jitter(2) + gatewayToCheckout + gatewayToCart;

            var root = ++span;
            Span("gateway", "GET /checkout", gateway, root, null);
            var client = ++span;
            Span("gateway", "HTTP POST checkout", gatewayToCheckout, client, root);
            var checkoutEntry = ++span;
            Span("checkout", "/checkout", checkout, checkoutEntry, client);
            client = ++span;
            Span("checkout", "HTTP GET cart", checkoutToCart, client, checkoutEntry);
            Span("cart", "/cart", cartFromCheckout, ++span, client);
            client = ++span;
            Span("checkout", "HTTP POST payment", checkoutToPayment, client, checkoutEntry);
            Span("payment", "/pay", payment, ++span, client);
            client = ++span;
            Span("gateway", "HTTP GET cart", gatewayToCart, client, root);
            Span("cart", "/cart", cartFromGateway, ++span, client);

            void Span(string service, string name, double ms, int spanId, int? parent) =>
                csv.Append(CultureInfo.InvariantCulture,
                    $"{id++},{t:yyyy-MM-ddTHH:mm:ss.fffZ},span,{service},{service}-1,{name},{ms:0.###},,OK,{trace},{spanId:x16},{(parent is { } p ? p.ToString("x16", CultureInfo.InvariantCulture) : "")},\n");
        }

        return csv.ToString();
    }

    public static string Incidents() => string.Create(CultureInfo.InvariantCulture,
        $$"""[{"incident_id": "NET-1", "root_cause_service": "cart", "root_cause_instance": "cart-1", "fault_type": "latency_injection", "start": "{{DelayStart:yyyy-MM-ddTHH:mm:ssZ}}", "end": "{{DelayStart.AddMinutes(DelayMinutes):yyyy-MM-ddTHH:mm:ssZ}}", "affected_services": ["cart"]}]""");
}
