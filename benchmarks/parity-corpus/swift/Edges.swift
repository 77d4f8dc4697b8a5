// Edge shapes: errors, unicode, escapes, nesting.
let emoji = "caf\u{E9} \u{1F600} \u{D800} \u{110000} \0\t\"q\" \\"
let multiHash = ##"two \##(x) \#(notInterpolated) "#"##
let empty = ""
let emptyMulti = """
    """
let nested = "outer \("inner \(deep)")"
func broken( {
    braze.logCustomEvent(name: "after error")
}
let unterminated = "oops
class Outer {
    class Inner {
        func method() {
            #if os(iOS)
            #if DEBUG
            iosDebug()
            #elseif RELEASE
            iosRelease()
            #else
            iosOther()
            #endif
            #endif
            if a { if b { if c { deep() } } }
        }
    }
}
var observed = 1 {
    didSet { changed() }
}
let k = user.attributes["email"]?.value
let call = make()().value
let lambdaCall = { 1 }()
items[0].update()
matrix[1][2].reset()
self.delegate?.didUpdate(self)
super.viewDidLoad()
let t = (1)
let labelled = (x: 1)
let s = a ?? b ?? c
let p = +5
let notNum = -value
let neg = -0x10
let cond = (flag) ? "y" : "n"
