namespace AnomalyPlatform.Generator;

/// <summary>The default estate: 14 services of an online shop, 2–3 instances each, 33 instances in all.</summary>
internal static class DefaultTopology
{
    // Route bits, in the order of the routes list below.
    private const int Home = 1, Product = 2, Search = 4, Cart = 8, Checkout = 16;

    public static ServiceTopology Create() => new(
        [
            Service("frontend", 3, ["GET /", "GET /product", "GET /search", "POST /cart", "POST /checkout"], 6, 0.0025, 6, 2.0, 380,
                [new("api-gateway", 1.0)]),
            Service("api-gateway", 3, ["route"], 2, 0.00125, 5, 1.7, 260,
                [
                    new("auth", 0.9),
                    new("catalog", 1.0, Home | Product),
                    new("recommendation", 0.8, Home | Product),
                    new("search", 1.0, Search),
                    new("cart", 1.0, Cart),
                    new("checkout", 1.0, Checkout),
                ]),
            Service("checkout", 2, ["PlaceOrder"], 12, 0.0075, 8, 12.0, 520,
                [new("cart", 1.0), new("inventory", 1.0), new("payment", 1.0), new("notification", 0.9), new("database", 1.0)]),
            Service("cart", 2, ["GetCart", "AddItem", "UpdateItem"], 4, 0.0025, 6, 5.0, 300,
                [new("cache", 1.0), new("database", 0.5), new("inventory", 0.3)]),
            Service("auth", 2, ["ValidateToken", "RefreshSession"], 3, 0.002, 5, 1.4, 240,
                [new("cache", 0.9), new("database", 0.2)]),
            Service("payment", 2, ["Authorize", "Capture"], 45, 0.015, 7, 13.0, 450,
                [new("database", 1.0), new("queue", 0.6)]),
            Service("notification", 2, ["SendOrderEmail"], 8, 0.005, 4, 14.0, 220,
                [new("queue", 1.0)]),
            Service("recommendation", 2, ["Recommend"], 18, 0.005, 10, 2.6, 900,
                [new("catalog", 0.9), new("cache", 0.7)]),
            Service("search", 2, ["Query", "Suggest"], 14, 0.00375, 9, 8.0, 800,
                [new("catalog", 0.7), new("cache", 0.8)]),
            Service("catalog", 3, ["GetProduct", "ListProducts"], 5, 0.0025, 6, 1.7, 420,
                [new("cache", 1.0), new("database", 0.35)]),
            Service("inventory", 2, ["CheckStock", "Reserve"], 6, 0.00375, 5, 7.0, 280,
                [new("database", 1.0)]),
            Service("queue", 2, ["Publish"], 1.5, 0.00125, 4, 8.0, 600, []),
            Service("cache", 3, ["GET", "SET"], 0.6, 0.00075, 4, 0.75, 1200, []),
            Service("database", 3, ["SELECT", "UPDATE", "INSERT"], 4, 0.002, 10, 1.8, 2400, []),
        ],
        [
            new("home", 0.30, "GET /"),
            new("product", 0.30, "GET /product"),
            new("search", 0.15, "GET /search"),
            new("cart", 0.15, "POST /cart"),
            new("checkout", 0.10, "POST /checkout"),
        ],
        entryService: "frontend");

    private static ServiceDefinition Service(
        string name, int instances, string[] operations, double selfMs, double errorProbability,
        double cpuBase, double cpuPerRps, double memoryMb, ServiceCall[] calls) =>
        new(name, instances, operations, selfMs, errorProbability, cpuBase, cpuPerRps, memoryMb, calls);
}
