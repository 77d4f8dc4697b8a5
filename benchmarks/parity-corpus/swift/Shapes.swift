// Shapes the Swift walker reads: one of each, for benchmarks/parity.py swift.
import BrazeKit
import UIKit.UIView
@testable import MyApp

#if DEBUG
let endpoint = "sdk.iad-01.braze.com"
#elseif STAGING
let endpoint = "staging.example.com"
#else
let endpoint = -2
#endif

let apiKey: String = "key-\(env)-suffix"
var counter = 0x1F
let ratio = 1_000.5
let negative = -3
let flags = [true, false, nil]
let table: [String: Any] = ["name": user.name, 1: "one", key: value, "a\(b)": c]
let raw = #"raw \n "quoted" \#(value) \#n"#
let multi = """
    first line
      indented \(name)
    last \
    joined
    """
let sum = "a" + name + "b" + 3
let arithmetic = 1 + 2
counter = counter + 1
counter += 1

protocol Tracking: AnyObject {
    func track(_ name: String, properties: [String: Any]?)
    var id: String { get }
}

extension Braze.Configuration: CustomStringConvertible {
    var description: String { "configuration" }
}

enum Events: String {
    case purchase = "purchase"
    case viewed
    static let all = [Events.purchase, .viewed]
}

@objc
final class AppDelegate: UIResponder, UIApplicationDelegate, Tracking {
    static let shared = AppDelegate()
    static var mutable = "changes"
    class let legacy = "x"
    var braze: Braze? = nil
    private(set) var name: String = "" {
        willSet { log(newValue) }
        didSet { Analytics.track("name", properties: ["old": oldValue]) }
    }
    var id: String {
        get { return self.name }
        set { self.name = newValue }
    }
    subscript(index: Int) -> String {
        return items[index]
    }

    init(configuration: Braze.Configuration) {
        super.init()
        self.braze = Braze(configuration: configuration)
    }

    deinit {
        NotificationCenter.default.removeObserver(self)
    }

    @discardableResult
    @MainActor
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        let configuration = Braze.Configuration(apiKey: apiKey, endpoint: endpoint)
        configuration.logger.level = .debug
        configuration.api.flushInterval = 10
        #if DEBUG
        configuration.logger.level = .info
        #endif
        braze = Braze(configuration: configuration)
        AppDelegate.braze?.changeUser(userId: user.email ?? user.id ?? "anonymous")
        braze!.user.set(email: currentUser.email)
        braze?.user.set(customAttribute: "tier", value: isPremium ? "gold" : "free")
        braze?.logCustomEvent(name: "launched", properties: ["source": source, "count": 1])
        try? braze?.logPurchase(productId: "sku", currency: "USD", price: 9.99)
        let result = try await fetch(url: URL(string: "https://rest.iad-01.braze.com/users/track")!)
        let cast = result as? String
        let tuple = (a: 1, b: 2)
        let parenthesised = (user.email)
        users[0].name = "x"
        self.items[1] = "y"
        (a, b) = (1, 2)
        "text".uppercased().count
        items.map { $0.name }.filter { !$0.isEmpty }.forEach { name in
            braze?.logCustomEvent(name: name)
        }
        items.forEach({ item in print(item) })
        items.reduce(0) { $0 + $1 }
        let closure = { (value: Int) -> Int in value * 2 }
        closure(3)
        UIView.animate(withDuration: 0.3) {
            self.view.alpha = 1
        } completion: { _ in
            done()
        }
        DispatchQueue.main.async { [weak self] in
            guard let self = self else { return }
            self.braze?.requestImmediateDataFlush()
        }
        return true
    }

    func flow(_ value: Int?, other: String) async throws -> String? {
        guard let value = value, value > 0 else {
            return nil
        }
        if value == 1 {
            first()
        } else if value == 2, other.isEmpty {
        } else if let x = lookup(value) {
            second(x)
        } else {
            third()
        }
        switch value {
        case 1, 2:
            one()
        case let .some(inner) where inner > 3:
            two(inner)
        #if DEBUG
        case 99:
            debugOnly()
        #endif
        default:
            other()
        }
        do {
            try risky()
        } catch let error as NSError {
            handle(error)
        } catch {
            fallback()
        }
        do {
            try alone()
        }
        for (index, item) in items.enumerated() where index > 0 {
            use(item, at: index)
        }
        for item in list.items {
            braze?.logCustomEvent(name: item.name)
        }
        while queue.hasNext() {
            queue.next()
        }
        repeat {
            retry()
        } while shouldRetry()
        let label = value > 1 ? "many" : value == 1 ? "one" : "none"
        return "\(label) \(value, specifier: "%d")"
    }
}

struct Settings {
    let apiKey = "struct-key"
    static let shared = Settings()
    func build() -> Braze.Configuration {
        Braze.Configuration(apiKey: apiKey, endpoint: .init("endpoint"))
    }
}

actor Counter {
    var count = 0
    func increment() { count += 1 }
}

func topLevel<T: Codable>(value: T) -> T where T: Equatable {
    #if canImport(BrazeKit)
    Braze.shared.logCustomEvent(name: "generic")
    #else
    print("no braze")
    #endif
    return value
}

let shorthand = items.compactMap(\.name)
let implicitMember: UIColor = .red
let optionalChain = user?.profile?.email
let forced = user!.email!
