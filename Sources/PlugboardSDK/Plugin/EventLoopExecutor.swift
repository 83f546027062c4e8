import CPlugboardShims
import NIOCore
import NIOPosix

/// Makes SwiftNIO's singleton event loop group Swift concurrency's global executor, so a plugin's handlers run on
/// the thread that read the request. SwiftNIO's own
/// `NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()` finds the runtime's
/// hook with `dlsym`, which fails when the Swift runtime is linked statically (as release plugins are, for start-up
/// time); this does the same with the hook's address resolved at link time.
enum EventLoopExecutor {
    typealias EnqueueGlobalHook = @convention(thin) (UnownedJob, @convention(thin) (UnownedJob) -> Void) -> Void

    /// Installs the hook unless one is installed already. Call once, from the main thread, before serving.
    static func install() -> Bool {
        if NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() { return true }
        let slot = plugboard_swift_task_enqueueGlobal_hook_address()
        guard slot.pointee == nil else { return false }
        let hook: EnqueueGlobalHook = { job, _ in
            let loop = MultiThreadedEventLoopGroup.singleton.any()
            let executor = loop.executor.asUnownedSerialExecutor()
            loop.execute { job.runSynchronously(on: executor) }
        }
        slot.pointee = unsafeBitCast(hook, to: UnsafeMutableRawPointer.self)
        return true
    }
}
