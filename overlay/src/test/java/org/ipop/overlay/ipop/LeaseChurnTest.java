package org.ipop.overlay.ipop;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LeaseChurnTest
{
    @Test
    void shouldKeepEveryLeaseDistinctAndReadableWhenTenPercentDieRightAfterLeasing()
    {
        // 300 nodes lease at once in a /22 (1022 addresses), then 30 die before the leases settle
        final LeaseBenchmarkMain.LeaseBenchmarkResult r = LeaseBenchmarkMain.run(300, 22, 5, 100, 600, 0.1);
        assertEquals(300, r.granted, r.toJson());
        assertEquals(300, r.distinct, r.toJson());
        assertEquals(30, r.killed, r.toJson());
        assertEquals(270, r.leasesExpected, r.toJson());
        assertEquals(270, r.leasesChecked, r.toJson());
        assertEquals(270, r.leasesFound, "every surviving node's lease record is still read: " + r.toJson());
    }
}
