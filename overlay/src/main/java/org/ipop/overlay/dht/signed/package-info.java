/**
 * Signed DHT records: the envelope a node signs what it claims in ({@link org.ipop.overlay.dht.signed.SignedRecord}),
 * the signer, the verifier and the membership check replicas and readers apply.
 */
package org.ipop.overlay.dht.signed;
