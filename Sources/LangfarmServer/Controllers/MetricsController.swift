import Hummingbird
import NIOCore
import Prometheus

/// `GET /metrics`: the Prometheus text format, for scraping. Unauthenticated, as scrape
/// endpoints usually are; it carries counts and timings only, no project data.
struct MetricsController<Context: RequestContext> {
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<Context>) {
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
    }
}
