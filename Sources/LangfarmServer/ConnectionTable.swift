import NIOCore
import Synchronization

/// The server's open connections, so that it never runs out of file descriptors: every
/// connection takes one, and a server that cannot accept any more cannot answer its health
/// check either. Past `capacity` (the limit on open files less a reserve for the store's files
/// and the broker's sockets), each new connection closes the connection that has been quiet the
/// longest (no byte read or written), so a new client, a health check included, is always let
/// in: the connections that make room are those a client holds open doing nothing, which is
/// what a flood of idle connections is. Requests being handled stay in the count but are rarely
/// the quietest: they are capped (`RequestsInFlight`) and their bodies must keep arriving
/// (`RequestBody.timeout`).
public final class ConnectionTable: Sendable {
    public let capacity: Int
    private let connections = Mutex<[ObjectIdentifier: ConnectionActivity]>([:])
    private let closedForRoom: @Sendable () -> Void

    /// Descriptors kept for what is not a connection: at least 64, or 1/16 of the limit.
    public static func capacity(openFileLimit: Int) -> Int {
        max(1, openFileLimit - max(64, openFileLimit / 16))
    }

    /// `closedForRoom` is called for every connection closed to make room (a metric).
    public init(capacity: Int, closedForRoom: @escaping @Sendable () -> Void = {}) {
        self.capacity = capacity
        self.closedForRoom = closedForRoom
    }

    /// What the table knows of one connection: its channel and when it last read or wrote.
    final class ConnectionActivity: Sendable {
        let channel: any Channel
        private let lastActive = Atomic<Int64>(0)

        init(channel: any Channel) {
            self.channel = channel
            touch()
        }

        func touch() {
            lastActive.store(Int64(NIODeadline.now().uptimeNanoseconds), ordering: .relaxed)
        }

        var quietSince: Int64 { lastActive.load(ordering: .relaxed) }
    }

    /// Counts a new connection, closing the quietest other ones while the table is over capacity.
    func opened(_ connection: ConnectionActivity) {
        let evicted = connections.withLock { connections -> [ConnectionActivity] in
            connections[ObjectIdentifier(connection)] = connection
            var evicted: [ConnectionActivity] = []
            while connections.count > capacity,
                  let quietest = connections.values.lazy.filter({ $0 !== connection }).min(by: { $0.quietSince < $1.quietSince }) {
                connections[ObjectIdentifier(quietest)] = nil
                evicted.append(quietest)
            }
            return evicted
        }
        for connection in evicted {
            closedForRoom()
            connection.channel.close(promise: nil)
        }
    }

    func closed(_ connection: ConnectionActivity) {
        _ = connections.withLock { $0.removeValue(forKey: ObjectIdentifier(connection)) }
    }
}

/// Enters a connection in the table, notes its activity, and takes it out when it closes. It
/// passes every message on untouched, so it may sit anywhere in the pipeline.
final class ConnectionTableHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny

    private let table: ConnectionTable
    private var activity: ConnectionTable.ConnectionActivity?

    init(table: ConnectionTable) {
        self.table = table
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let activity = ConnectionTable.ConnectionActivity(channel: context.channel)
        self.activity = activity
        table.opened(activity)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if let activity { table.closed(activity) }
        activity = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        activity?.touch()
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        activity?.touch()
        context.write(data, promise: promise)
    }
}
