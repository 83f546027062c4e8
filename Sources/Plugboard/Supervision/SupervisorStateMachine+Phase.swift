extension SupervisorStateMachine {
    /// The public lifecycle state this machine state is reported as.
    var phase: PluginState {
        switch state {
        case .idle(.discovered), .idle(.stopped): return .discovered
        case .idle(.idleStopped): return .idleStopped
        case .idle(.crashed), .backingOff: return .crashed
        case .starting: return .starting
        case .ready: return .ready
        case .stopping: return .stopping
        case .shutDown: return .stopped
        }
    }
}
