import Testing
@testable import LangfarmServer

/// The budget of request bodies in flight, as requests reserve it and grow their reservations.
@Suite struct RequestBodyBudgetTests {
    @Test func requestsFitBesideEachOtherUpToTheCapacityAndOneAlwaysFits() {
        let budget = RequestBodyBudget(capacity: 100)
        #expect(budget.reserve(250), "alone, a request fits whatever its size")
        #expect(!budget.reserve(1))
        budget.release(250)
        #expect(budget.reserve(60))
        #expect(!budget.reserve(50))
        #expect(budget.reserve(40))
    }

    @Test func aReservationGrowsOnlyIntoRoomLeftOrWhenItIsAlone() {
        let budget = RequestBodyBudget(capacity: 100)
        #expect(budget.reserve(10))
        let alone = RequestBodyBudget.Reservation(budget: budget, bytes: 10)
        #expect(alone.grow(to: 500), "the only request in flight may grow past the capacity")
        #expect(alone.bytes == 500)
        #expect(!budget.reserve(1), "nothing else fits beside it")
        budget.release(alone.bytes)

        #expect(budget.reserve(30))
        let other = 30
        #expect(budget.reserve(20))
        let growing = RequestBodyBudget.Reservation(budget: budget, bytes: 20)
        #expect(growing.grow(to: 70), "30 + 70 fits in 100")
        #expect(!growing.grow(to: 71), "30 + 71 does not")
        #expect(growing.bytes == 70)
        #expect(growing.grow(to: 10), "shrinking is never needed: it keeps what it holds")
        #expect(growing.bytes == 70)
        budget.release(growing.bytes)
        budget.release(other)
        #expect(budget.reserve(100), "everything was given back")
    }
}
