import CPlugboardShims
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Makes SwiftNIO's singleton event loop group Swift concurrency's global executor, so a plugin's handlers run on
/// the thread that read the request. SwiftNIO's own
/// `NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()` finds the runtime's
/// hook with `dlsym`, which fails when the Swift runtime is linked statically (as release plugins are, for start-up
/// time); this does the same with the hook's address resolved at link time.
///
/// **The one use of Swift runtime internals in Plugboard**, isolated here and in `Sources/CPlugboardShims`: the
/// runtime's `swift_task_enqueueGlobal_hook` variable (the one SwiftNIO itself sets) and its signature,
/// `EnqueueGlobalHook`. Swift has no public API that replaces the global executor (the 6.3 toolchain's
/// `_Concurrency` interface has none). If a toolchain renames the symbol the link fails; if it changes what the hook
/// means, `ExecutorHookTests` fails: it runs a plugin through this path (`PLUGBOARD_EXECUTOR_HOOK=link-time`
/// skips SwiftNIO's take-over, as a static runtime does) and checks that a handler resumes on the event loop.
/// A take-over that fails costs speed only (a hop between threads per request), never correctness.
enum EventLoopExecutor {
    typealias EnqueueGlobalHook = @convention(thin) (UnownedJob, @convention(thin) (UnownedJob) -> Void) -> Void

    /// Installs the hook unless one is installed already. Call once, from the main thread, before serving.
    static func install() -> Bool {
        let linkTimeOnly = getenv("PLUGBOARD_EXECUTOR_HOOK").map { String(cString: $0) } == "link-time"
        if !linkTimeOnly, NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() { return true }
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
