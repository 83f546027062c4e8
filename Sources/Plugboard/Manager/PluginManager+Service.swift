import ServiceLifecycle

/// A manager runs in a swift-service-lifecycle `ServiceGroup` like any service: ``PluginManager/run()`` runs until
/// the group's graceful shutdown, then stops every plugin in order and returns.
extension PluginManager: Service {}
