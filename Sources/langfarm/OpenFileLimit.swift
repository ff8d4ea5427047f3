#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// Every connection and every SQLite file the server has open takes a file descriptor. The
/// soft limit many systems start a process with (1,024) lets a thousand idle connections stop
/// the server from accepting any more, health checks included, and from opening the files it
/// needs. So `serve` raises the soft limit to the hard one, as Go's runtime and nginx do; what
/// the hard limit allows is the operator's to set.
enum OpenFileLimit {
    /// Raises the soft limit to the hard one; returns the limit now in force, or nil when there
    /// is none.
    static func raiseToHardLimit(logger: Logger) -> Int? {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            let soft = limit.rlim_cur
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) == 0 {
                logger.info("Raised the limit on open files from \(soft) to \(limit.rlim_max)")
                limit = raised
            } else {
                logger.warning("Could not raise the limit on open files from \(soft); many idle connections can exhaust it")
            }
        }
        return Int(exactly: limit.rlim_cur)  // RLIM_INFINITY (all bits set) does not fit: no limit
    }
}
