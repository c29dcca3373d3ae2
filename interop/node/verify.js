// Verifies the DKIM signatures of the message on stdin with the Node.js 'mailauth' package, an implementation
// independent of ours, answering key queries from the records given as JSON ({"sel._domainkey.example": "v=DKIM1; ..."}).
// Prints one JSON array: per signature, its d=, a= and result.
'use strict';
const { dkimVerify } = require('mailauth/lib/dkim/verify');
const fs = require('fs');

const records = JSON.parse(process.argv[2]);
const message = fs.readFileSync(0);
const resolver = async (name, type) => {
    if (type === 'TXT' && records[name]) {
        return [[records[name]]];
    }
    const error = new Error('no such record: ' + name + ' ' + type);
    error.code = 'ENOTFOUND';
    throw error;
};
dkimVerify(message, { resolver, minBitLength: 1024 }).then(verification => {
    console.log(JSON.stringify(verification.results.map(signature => ({
        d: signature.signingDomain, a: signature.algo, result: signature.status.result, comment: signature.status.comment
    }))));
}).catch(error => {
    console.error(error);
    process.exit(2);
});
