package org.ipop.overlay.namespace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LeaseChurnTest
{
    @Test
    void shouldGiveAThousandNodesLeasingAtOnceDistinctAddressesThatSurviveTenPercentChurn()
    {
        // 1,000 nodes lease at the same instant in a /21 (2,045 assignable addresses: ~500 conflicts are resolved by
        // retries), then 100 of them die before the records settle; every survivor's lease is read back
        final LeaseBenchmarkMain.LeaseBenchmarkResult r = LeaseBenchmarkMain.run(1000, 21, 5, 100, 600, 0.1);
        assertEquals(1000, r.granted, r.toJson());
        assertEquals(1000, r.distinct, r.toJson());
        assertEquals(100, r.killed, r.toJson());
        assertEquals(900, r.leasesExpected, r.toJson());
        assertEquals(900, r.leasesChecked, r.toJson());
        assertEquals(900, r.leasesFound, "every surviving node's lease record is still read: " + r.toJson());
    }
}
