public import Hummingbird

extension ALTOServer {
    /// The router: middleware (outermost first: logging, request metrics, error
    /// responses, body reading, concurrency limit, timeout), then every controller's routes.
    public func router() -> Router<ALTORequestContext> {
        let router = Router(context: ALTORequestContext.self)
        let routes = routes
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: RequestMetricsMiddleware(factory: metrics.factory))
        router.add(middleware: ErrorResponseMiddleware(routes: routes))
        router.add(middleware: RequestBodyMiddleware(server: self))
        router.add(middleware: ConcurrencyLimitMiddleware(server: self))
        router.add(middleware: RequestTimeoutMiddleware(limit: configuration.requestTimeout, metrics: metrics))
        for controller in controllers { router.addRoutes(controller.collection) }
        return router
    }
}
