import BrazeKit
let s = """
    a
    b \(c)
    """
braze.changeUser(userId: "x")
