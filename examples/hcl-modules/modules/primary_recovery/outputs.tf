output "route53_record_reader_1_fqdn" {
  description = "aws_route53_record.reader_1.fqdn."
  value       = aws_route53_record.reader_1.fqdn
}

output "route53_record_writer_fqdn" {
  description = "aws_route53_record.writer.fqdn."
  value       = aws_route53_record.writer.fqdn
}
