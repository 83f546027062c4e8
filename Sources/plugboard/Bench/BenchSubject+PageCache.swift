#if canImport(Glibc)
import Glibc
#endif

extension BenchSubject {
    /// Drops the executable's pages from the page cache (`POSIX_FADV_DONTNEED`), so that the next start reads it as
    /// a start after a reboot does. A plugin's resident size counts the file pages it maps, and how many a fault
    /// maps around it depends on how the file came into the cache: the same binary measured 7.2 MB just after `cp`
    /// wrote it and 8.0 MB after the linker did. Evicting both plugins before the memory figures makes them
    /// comparable. Best effort: a file that cannot be opened is measured as it is.
    func evictFromPageCache() {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
        close(descriptor)
    }
}
