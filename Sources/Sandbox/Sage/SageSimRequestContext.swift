import Hummingbird
import NIOCore

/// Request context of the simulator's routes; keeps the connection's channel so a test hook
/// can drop the connection after a commit.
struct SageSimRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
