using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Tests.Features;

public sealed class ServiceMentionTests
{
    [Theory]
    [InlineData("call to database failed: 503 Service Unavailable (attempt 3)", "database")]
    [InlineData("connection refused to cache:8080, retry 4/5", "cache")]
    [InlineData("I/O error on POST request for \"http://ts-order-service:12031/api/v1/orders\"", "ts-order-service")]
    [InlineData("Database timeout", "database")]
    [InlineData("upstream cart", "cart")]
    [InlineData("timeout from ts-order-service-7d9f-x2k:12031", "ts-order-service")]
    public void A_message_names_a_service_it_mentions_by_name_or_by_an_instance_of_it(string message, string service) =>
        Assert.True(ServiceMention.Names(message, service));

    [Theory]
    [InlineData("cartography job failed", "cart")]
    [InlineData("add-to-cart handler failed", "cart")]
    [InlineData("carts_v2 table locked", "cart")]
    [InlineData("background job cleanup-40 failed: deadline exceeded", "queue")]
    [InlineData("", "cache")]
    [InlineData(null, "cache")]
    public void A_message_does_not_name_a_service_only_inside_another_word_or_not_at_all(string? message, string service) =>
        Assert.False(ServiceMention.Names(message, service));
}
